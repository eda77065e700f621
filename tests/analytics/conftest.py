from tests.alerts.conftest import sla_presets  # noqa: F401
from tests.servers.conftest_plugin import smtp_server  # noqa: F401
from tests.web.conftest import T0, agent, customer, email_account, fast_password_hashing, make_conv, translations  # noqa: F401
