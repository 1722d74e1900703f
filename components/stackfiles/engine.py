"""Reading the stack's config from the Pulumi engine, in the same flat form as a stack file.

The engine hands the program every config value (secrets decrypted) and the list of
keys that are secret. Secret values are replaced by `Encrypted()` at once, so the
rules see exactly what `check` sees in the file, and no secret reaches a message.
"""

from __future__ import annotations

import pulumi
from pulumi.runtime import config as runtime_config

from ..rules.settings import Encrypted, InvalidConfigError
from ..text.safeio import SYMLINK_REFUSED
from .paths import PROJECT_DIR, display_path
from .stackconfig import StackConfig, validate_stack_config
from .stackfile import StackFileError, stack_config_dir


def engine_config() -> dict[str, object]:
    """Every config key the engine passed to this program, secrets masked."""
    values = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    return {
        key: Encrypted() if runtime_config.is_config_secret(key) else value
        for key, value in values.items()
    }


def load_stack_config() -> StackConfig:
    """The validated config of the running stack; fail the program cleanly if it is invalid.

    The message is the one `python -m components check` prints for the stack file.
    """
    try:
        path = stack_config_dir(PROJECT_DIR) / f"Pulumi.{pulumi.get_stack()}.yaml"
    except StackFileError as error:  # Pulumi follows links; the program refuses them
        raise pulumi.RunError(str(error)) from None
    source = display_path(path)
    if path.is_symlink():
        raise pulumi.RunError(f"{source} {SYMLINK_REFUSED}")
    try:
        return validate_stack_config(engine_config(), source=source)
    except InvalidConfigError as error:
        raise pulumi.RunError(str(error)) from None
