"""The auth0-sessions component package's entry point: Pulumi runs `python plugin <engine>`.

The language host starts this file with the plugin folder as sys.path[0] and the
consumer's folder as the working directory, so the repository root is put on the path
first; `components` then stops an interpreter older than 3.11 with one line. The
provider is served as `component_provider_host` serves one (pulumi.provider.main), but
with the project's rules run before construction (components/resources/package.py).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `components`
import components  # noqa: F401  (first: an interpreter older than 3.11 stops here)


def serve() -> None:
    from pulumi.provider import main

    from components.resources.package import provider

    main(provider(), sys.argv[1:])  # prints the port it listens on, then serves


if __name__ == "__main__":
    serve()
