"""`sellerdesk run --demo` on a fresh data directory: migrates, loads the demo, serves, and stops cleanly."""

import json
import urllib.request

from tests.servers.desk import env_for, running


def test_run_serves_demo_with_health_and_login(tmp_path):
    with running("--demo", env=env_for(tmp_path)) as (port, lines):
        out = "".join(lines)
        assert f"SellerDesk is running at http://127.0.0.1:{port}" in out
        assert "Demo login: demo / sellerdesk-demo" in out
        alive = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5))
        assert alive == {"status": "ok"}
        ready = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5))
        assert (ready["status"], ready["failing"]) == ("ok", [])
        assert ready["checks"]["database"] == {"ok": True, "vendor": "sqlite"}
        assert ready["checks"]["queue"] == {"ok": True, "backend": "db"}
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)
        assert page.status == 200
