"""Request and response shapes of the account API, validated at the boundary."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN_RE = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")
_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9.-]+)$")


def _domain(value: str) -> str:
    d = value.strip().lower().rstrip(".")
    if len(d) > 253 or not _DOMAIN_RE.match(d):
        raise ValueError(f"{value!r} is not a valid email domain (e.g. example.com)")
    return d


def _email(value: str) -> str:
    e = value.strip()
    m = _EMAIL_RE.match(e)
    if not m or len(e) > 254:
        raise ValueError(f"{value!r} is not a valid email address")
    local, _, domain = e.rpartition("@")
    return f"{local}@{_domain(domain)}".lower()


def _name(value: str) -> str:
    n = " ".join(value.split())
    if not n:
        raise ValueError("the account name must not be empty")
    return n


Domain = Annotated[str, AfterValidator(_domain)]
Email = Annotated[str, AfterValidator(_email)]
AccountName = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_name)]


def _unique_domains(values: list[str]) -> list[str]:
    return sorted(set(values))


Domains = Annotated[list[Domain], Field(max_length=100), AfterValidator(_unique_domains)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewAccountRequest(_Strict):
    account_name: AccountName
    domains: Domains = []
    zitadel_org_id: str | None = Field(default=None, max_length=200)
    max_budget: float | None = Field(default=None, ge=0)
    budget_duration: str | None = Field(default=None, max_length=20)
    metadata: dict[str, Any] = {}
    admins: list[Email] = Field(default=[], max_length=50)


class UpdateAccountRequest(_Strict):
    account_name: AccountName | None = None
    domains: Domains | None = None
    zitadel_org_id: str | None = Field(default=None, max_length=200)
    max_budget: float | None = Field(default=None, ge=0)
    budget_duration: str | None = Field(default=None, max_length=20)
    metadata: dict[str, Any] | None = None
    status: Literal["active", "suspended"] | None = None


class AddAdminRequest(_Strict):
    email: Email


class NewApiKeyRequest(_Strict):
    key_alias: str | None = Field(default=None, max_length=200)
    purpose: str | None = Field(default=None, max_length=500)


class AdminInvitation(BaseModel):
    email: str
    status: Literal["invited"]
    invitation_url: str
    expires_at: str
    email_sent: bool


class AccountAdmin(BaseModel):
    email: str
    status: str
    invited_by: str | None = None
    created_at: datetime


class Account(BaseModel):
    account_id: str
    account_name: str
    status: str
    domains: list[str]
    zitadel_org_id: str | None
    max_budget: float | None
    budget_duration: str | None
    spend: float
    metadata: dict[str, Any]
    admins: list[AccountAdmin]
    created_at: datetime
    created_by: str | None
    updated_at: datetime
