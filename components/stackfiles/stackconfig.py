"""The whole stack file: the session settings plus how the stack is deployed and guarded.

`validate_stack_config` is the one entry point for a stack's flat, namespaced config
(from a file or from the engine): keys are screened by name (keys.py, credentials.py),
the rest go through the models, and every problem of both is reported together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from ..rules.credentials import PROVIDER, Encrypted, plaintext_message
from ..rules.fields import model_config
from ..rules.keys import PROJECT, screen_keys, split_namespaces
from ..rules.problems import InvalidConfigError
from ..rules.settings import SessionSettings, known_keys, problems_of
from ..text.inert import snippet

MAX_WAVE = 9  # the deploy workflow has one job per wave (see README, "Many tenants")
DEFAULT_WAVE = MAX_WAVE  # a stack that says nothing deploys last, after every other


def _pulumi_boolean(value: object) -> object:
    """Pulumi's typed `boolean` config takes true/false only (workspace.ValidateConfigValue)."""
    if isinstance(value, bool) or value in ("true", "false"):
        return value in (True, "true")
    raise PydanticCustomError(
        "pulumi_boolean",
        '"{value}" is not a boolean Pulumi accepts: write true or false',
        {"value": snippet(value)},
    )


def _wave(value: object) -> object:
    """A positive whole number (Pulumi's typed `integer`: an int, or text strconv.Atoi reads)."""
    text = value if isinstance(value, str) else None
    number = int(text) if text is not None and re.fullmatch(r"[+-]?[0-9]{1,6}", text) else value
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e6:
        number = int(number)  # `wave: 3.0`: Pulumi passes it on as "3"
    if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= MAX_WAVE:
        return number
    raise PydanticCustomError(
        "wave",
        '"{value}" is not a wave: write a whole number from 1 to {most} (stacks deploy wave '
        "by wave, lowest first; without the key a stack deploys last, in wave {most})",
        {"value": snippet(value), "most": MAX_WAVE},
    )


class StackSettings(SessionSettings):
    """The whole `auth0-sessions:` namespace: the session settings and how to deploy them."""

    protect: Annotated[bool, BeforeValidator(_pulumi_boolean)] = Field(
        False, description="Protect the tenant settings resource (refuse `pulumi destroy`)."
    )
    wave: Annotated[int, BeforeValidator(_wave)] = Field(
        DEFAULT_WAVE, description="When the stack deploys: wave 1 first, then 2, … up to 9."
    )


def _encrypted_only(value: object, info: ValidationInfo) -> object:
    """A backstop for a model built directly: the key screen refuses these first."""
    if isinstance(value, Encrypted):
        return value
    name = to_camel(info.field_name or "")
    raise PydanticCustomError("plaintext_secret", plaintext_message(name, value))


class ProviderConfig(BaseModel):
    """The `auth0:` namespace: only the credentials are checked here, and never shown."""

    model_config = model_config(extra="allow", arbitrary_types_allowed=True)

    client_secret: Encrypted | None = None
    api_token: Encrypted | None = None

    _encrypted = field_validator("client_secret", "api_token", mode="before")(_encrypted_only)


class StackConfig(BaseModel):
    """One stack's configuration, as the program and `check` read it."""

    model_config = model_config(extra="forbid")

    settings: StackSettings = Field(alias=PROJECT)
    provider: ProviderConfig = Field(default_factory=ProviderConfig, alias=PROVIDER)


def validate_stack_config(raw: Mapping[str, object], *, source: str) -> StackConfig:
    """Apply every rule to a flat, namespaced config; raise InvalidConfigError with all problems.

    Keys are screened by name first (near misses, credentials, placeholders); the rest
    go through the models, and every problem of both is reported together.
    """
    clean, problems = screen_keys(raw, known_keys(StackSettings))
    try:
        config = StackConfig.model_validate(split_namespaces(clean))
    except ValidationError as error:
        problems += problems_of(error, known_keys(StackSettings))
    if problems:
        raise InvalidConfigError(source, problems)
    return config
