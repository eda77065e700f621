from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sellerdesk.accounts.models import AgentProfile


class Command(BaseCommand):
    help = "Create (or update) an agent who can log in to the web UI."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="")
        parser.add_argument("--role", choices=[r.value for r in AgentProfile.Role], default="agent")
        parser.add_argument("--languages", default="en", help="Buyer languages the agent writes, comma-separated: en,de")
        parser.add_argument("--ui-language", choices=["en", "zh-hans"], default="en")
        parser.add_argument("--timezone", default="Asia/Shanghai")
        parser.add_argument("--senior", action="store_true")

    def handle(self, username, password, email, name, role, languages, ui_language, timezone, senior, **options):
        if len(password) < 8:
            raise CommandError("The password must have at least 8 characters.")
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username, defaults={"email": email})
            user.email = email or user.email
            user.set_password(password)
            user.is_staff = user.is_superuser = role == "admin"
            user.save()
            AgentProfile.objects.update_or_create(
                user=user,
                defaults={
                    "display_name": name or username,
                    "role": role,
                    "languages": [l.strip() for l in languages.split(",") if l.strip()],
                    "ui_language": ui_language,
                    "timezone": timezone,
                    "is_senior": senior,
                },
            )
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"{'created' if created else 'updated'} agent {username} ({role})")
