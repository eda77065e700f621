"""The starter template library shipped with SellerDesk (loaded by `load_starter_templates`)."""
