from tests.alerts.conftest import sla_presets  # noqa: F401
from tests.web.conftest import (  # noqa: F401
    T0, agent, customer, email_account, fast_password_hashing, make_conv, now, translations, web,
)
