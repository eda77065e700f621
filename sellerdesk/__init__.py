"""SellerDesk: after-sales customer-service desk for cross-border sellers."""

__version__ = "0.1.0"
