"""Instagram messaging (through the Facebook page the account is linked to): Messenger's modules, another object kind."""
