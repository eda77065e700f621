"""Forms of the Agents page: a new agent, an agent's account (admins) and its rota (supervisors).

The rota is checked by the routing code itself (routing.actions.set_rota → ShiftError); its
message names the field ("shifts[0].start: '9am' is not HH:MM") and is shown next to that field.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import holidays as holiday_lists
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.routing.choose import FAMILIES
from sellerdesk.routing.shifts import WEEKDAYS, ShiftError, parse_shifts, zone_of
from sellerdesk.web import labels

UI_LANGUAGE_CHOICES = [("en", "English"), ("zh-hans", "简体中文")]
DAY_LABELS = {"mon": _("Mon"), "tue": _("Tue"), "wed": _("Wed"), "thu": _("Thu"), "fri": _("Fri"), "sat": _("Sat"), "sun": _("Sun")}
LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def role_choices():
    return [(code, labels.label(labels.ROLES, code)) for code in AgentProfile.Role.values]


class AgentCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, validators=[get_user_model().username_validator])
    display_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Password"), required=False, strip=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to generate one; it is shown once after saving."),
    )
    role = forms.ChoiceField(label=_("Role"), initial=AgentProfile.Role.AGENT)
    ui_language = forms.ChoiceField(label=_("UI language"), choices=UI_LANGUAGE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices()

    def clean_username(self):
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise ValidationError(_("The username %(name)s is taken.") % {"name": name})
        return name

    def clean(self):
        data = super().clean()
        if data.get("password"):
            user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(data["password"], user)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class AgentAccountForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    ui_language = forms.ChoiceField(label=_("UI language"), choices=UI_LANGUAGE_CHOICES)
    is_active = forms.BooleanField(label=_("Active (can log in, gets conversations)"), required=False)

    def __init__(self, *args, user, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.editor = user, editor
        self.fields["role"].choices = role_choices()

    @staticmethod
    def initial_for(user) -> dict:
        p = user.agent
        return {"display_name": p.display_name, "email": user.email, "role": p.role, "ui_language": p.ui_language,
                "is_active": user.is_active}

    def clean(self):
        data = super().clean()
        if self.user.pk == self.editor.pk:
            # An admin locking themselves out (or demoting the last admin) is done by another admin.
            if data.get("role", self.user.agent.role) != self.user.agent.role:
                self.add_error("role", _("You cannot change your own role."))
            if data.get("is_active") is False:
                self.add_error("is_active", _("You cannot deactivate yourself."))
        return data


def _dates(text: str) -> list[str]:
    return [d for d in re.split(r"[\s,;]+", text) if d]


class RotaForm(forms.Form):
    """Everything routing uses. Shift rows come from the POST as shift-N-days / -start / -end."""

    languages = forms.MultipleChoiceField(label=_("Buyer languages"), required=False, widget=forms.CheckboxSelectMultiple)
    skills = forms.MultipleChoiceField(
        label=_("Channels"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every channel."),
    )
    is_senior = forms.BooleanField(label=_("Senior (claims, disputes, tier 1)"), required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, max_value=10000,
                                  help_text=_("Open conversations before routing skips the agent."))
    timezone = forms.CharField(label=_("Time zone"), max_length=64, widget=forms.TextInput(attrs={"list": "zones"}))
    holiday_country = forms.ChoiceField(label=_("Public holidays of"), required=False)
    holidays = forms.CharField(label=_("Own days off"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Dates like 2026-12-24, separated by commas or new lines."))
    away_from = forms.DateTimeField(label=_("Away from"), required=False, input_formats=LOCAL_INPUT,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    away_until = forms.DateTimeField(label=_("Away until"), required=False, input_formats=LOCAL_INPUT,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    is_available = forms.BooleanField(label=_("Takes new conversations"), required=False)

    def __init__(self, data=None, *, profile, **kwargs):
        super().__init__(data, **kwargs)
        self.profile = profile
        codes = list(labels.BUYER_LANGUAGES) + [c for c in profile.languages or [] if c not in labels.BUYER_LANGUAGES]
        self.fields["languages"].choices = [(c, f"{labels.language_name(c)} ({c})") for c in codes]
        families = list(FAMILIES) + [s for s in profile.skills or [] if s not in FAMILIES]
        self.fields["skills"].choices = [(f, str(labels.CHANNELS.get(f, f.title()))) for f in families]
        countries = sorted(c for c in holiday_lists.list_supported_countries() if len(c) == 2)
        self.fields["holiday_country"].choices = [("", _("None"))] + [(c, f"{labels.country_name(c)} ({c})") for c in countries]
        stored = profile.shifts if isinstance(profile.shifts, list) else []
        self.rows = shift_rows(data) if data is not None else [_row_of(s) for s in stored if isinstance(s, dict)]
        self.shift_error: tuple[int, str] | None = None  # (row, message) from the rota parser

    @staticmethod
    def initial_for(profile) -> dict:
        zone = _zone_or_utc(profile.timezone)
        return {
            "languages": profile.languages, "skills": profile.skills, "is_senior": profile.is_senior,
            "capacity": profile.capacity, "timezone": profile.timezone, "holiday_country": profile.holiday_country,
            "holidays": ", ".join(str(d) for d in profile.holidays or []), "is_available": profile.is_available,
            "away_from": _local(profile.away_from, zone), "away_until": _local(profile.away_until, zone),
        }

    def changes(self) -> dict:
        """The routing fields that differ from the profile, as set_rota takes them (after is_valid())."""
        d = self.cleaned_data
        try:
            zone = zone_of(d["timezone"])
        except ShiftError as exc:
            self.add_rota_error(exc)
            return {}
        new = {
            "languages": d["languages"], "skills": d["skills"], "is_senior": d["is_senior"], "capacity": d["capacity"],
            "timezone": d["timezone"], "holiday_country": d["holiday_country"], "holidays": _dates(d["holidays"]),
            "is_available": d["is_available"],
            # Entered on the agent's own clock, like the shifts.
            "away_from": _aware(d["away_from"], zone), "away_until": _aware(d["away_until"], zone),
            "shifts": [{"days": r["days"], "start": r["start"], "end": r["end"]} for r in self.rows],
        }
        return {k: v for k, v in new.items() if not _same(k, getattr(self.profile, k), v)}

    def add_rota_error(self, exc: ShiftError) -> None:
        """Put the parser's message next to the field it names: "shifts[2].end: ..." → shift row 2."""
        text = str(exc)
        where = text.split(":", 1)[0]
        m = re.match(r"shifts\[(\d+)\]", where)
        if m:
            self.shift_error = (int(m.group(1)), text)
            return
        name = re.match(r"\w+", where).group(0) if re.match(r"\w+", where) else ""
        self.add_error(name if name in self.fields else None, text)

    def row_list(self) -> list[dict]:
        """The rows to show: each with its error, then one empty row to fill in."""
        out = []
        for i, r in enumerate(self.rows):
            error = self.shift_error[1] if self.shift_error and self.shift_error[0] == i else ""
            out.append({**r, "i": i, "error": error})
        out.append({"days": [], "start": "", "end": "", "i": len(self.rows), "error": ""})
        return out


def _same(name: str, old, new) -> bool:
    """Unchanged, ignoring tick order and equal ways of writing a shift (00:00 or 24:00 as an end)."""
    if name in ("languages", "skills"):
        return set(old or []) == set(new)
    if name == "shifts":
        try:
            return parse_shifts(list(old or [])) == parse_shifts(new)
        except ShiftError:
            return False
    return old == new


def shift_rows(data) -> list[dict]:
    """Filled-in shift rows from the POST, in row order; an empty row is left out."""
    numbers = sorted({int(m.group(1)) for k in data for m in [re.fullmatch(r"shift-(\d+)-(days|start|end)", k)] if m})
    rows = []
    for n in numbers:
        days = [d for d in WEEKDAYS if d in data.getlist(f"shift-{n}-days")]
        start, end = data.get(f"shift-{n}-start", "").strip(), data.get(f"shift-{n}-end", "").strip()
        if days or start or end:
            rows.append({"days": days, "start": start, "end": end})
    return rows


def _row_of(shift: dict) -> dict:
    # <input type=time> has no 24:00; 00:00 as an end means the same (an end at or before the start runs past midnight).
    end = shift.get("end", "")
    return {"days": list(shift.get("days", [])), "start": shift.get("start", ""), "end": "00:00" if end == "24:00" else end}


def _zone_or_utc(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _local(value: dt.datetime | None, zone) -> dt.datetime | None:
    return value.astimezone(zone).replace(tzinfo=None) if value else None


def _aware(value: dt.datetime | None, zone) -> dt.datetime | None:
    # Django made the input aware in the viewer's zone (USE_TZ); the wall-clock digits are the agent's.
    if value is None:
        return None
    return value.replace(tzinfo=None).replace(tzinfo=zone).astimezone(dt.timezone.utc)


def zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())
