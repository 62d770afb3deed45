"""Entry point of the `alchemi` command."""
from __future__ import annotations

import argparse
import signal
import sys

from alchemi.cli.progress import Progress


def _exit_on_signal(signum: int, frame) -> None:
    raise SystemExit(128 + signum)


def _serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from alchemi import boot
    from alchemi.settings import Settings, load_or_create_master_key

    settings = Settings.from_env()
    port = args.port or settings.port
    workers = args.workers or settings.workers
    progress = Progress(7)
    with boot.database(settings, progress) as url:
        boot.migrate_database(url, progress)
        boot.prisma_ready(settings, progress)
        with progress.step("Master key"):
            key, created = load_or_create_master_key(settings)
            if created:
                print(f"\n  Generated a master key (shown once; stored in {settings.master_key_file}):"
                      f"\n\n      {key}\n", file=sys.stderr, flush=True)
            else:
                progress.say("from LITELLM_MASTER_KEY" if settings.master_key
                             else f"from {settings.master_key_file}")
        os.environ.update(boot.litellm_environment(settings, url, key))
        with progress.step(f"Serving on http://{args.host or settings.host}:{port} "
                           f"({workers} worker{'s' if workers > 1 else ''})"):
            pass
        # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into SystemExit here
        # lets the embedded database be stopped on the way out instead of being orphaned.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        uvicorn.run("alchemi.asgi:app", host=args.host or settings.host, port=port, workers=workers,
                    log_level=args.log_level, timeout_graceful_shutdown=10)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from alchemi import boot
    from alchemi.settings import Settings

    settings = Settings.from_env()
    progress = Progress(3)
    with boot.database(settings, progress) as url:
        boot.migrate_database(url, progress)
    return 0


def _setup(args: argparse.Namespace) -> int:
    from alchemi import boot
    from alchemi.settings import Settings, load_or_create_master_key

    settings = Settings.from_env()
    progress = Progress(5)
    boot.prisma_ready(settings, progress)
    if args.skip_database:
        return 0
    with boot.database(settings, progress) as url:
        boot.migrate_database(url, progress)
    if settings.uses_embedded_database:
        key, created = load_or_create_master_key(settings)
        if created:
            print(f"\n  Generated a master key (shown once; stored in {settings.master_key_file}):"
                  f"\n\n      {key}\n", file=sys.stderr)
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from alchemi.cli.doctor import run

    return run()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="alchemi", description="Alchemi Studio Console")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="start the console (database, migrations, proxy)")
    s.add_argument("--port", type=int, help="default: PORT or 4000")
    s.add_argument("--host", help="default: ALCHEMI_HOST or 127.0.0.1")
    s.add_argument("--workers", type=int, help="default: ALCHEMI_WORKERS or 1")
    s.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    s.set_defaults(func=_serve)
    m = sub.add_parser("migrate", help="apply pending migrations (LiteLLM's, then Alchemi's)")
    m.set_defaults(func=_migrate)
    st = sub.add_parser("setup", help="prepare this machine: bridge, Prisma client, database")
    st.add_argument("--skip-database", action="store_true", help="only the bridge and the client")
    st.set_defaults(func=_setup)
    d = sub.add_parser("doctor", help="check the installation and say how to fix each problem")
    d.set_defaults(func=_doctor)
    return p


def main(argv: list[str] | None = None) -> int:
    from alchemi.boot import BootError
    from alchemi.db.embedded import EmbeddedPostgresError
    from alchemi.db.migrate import MigrationError
    from alchemi.settings import SettingsError

    import os

    # Before anything imports litellm: its import fetches a price list from the internet
    # unless told to use the copy it ships.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (SettingsError, BootError, EmbeddedPostgresError, MigrationError) as e:
        print(f"alchemi {args.command}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
