"""`unionpipe province-stub`: run the stand-in province in the foreground, to rehearse a push."""

from __future__ import annotations

import signal
from typing import Annotated, Optional

import typer

from pipelines.cli.app import app
from pipelines.publish.province.stub import DEFAULT_HOST, DEFAULT_PORT, ProvinceStub
from pipelines.settings import Settings


@app.command("province-stub")
def province_stub(
    host: Annotated[str, typer.Option(help="Loopback address to listen on (127.0.0.1 only).")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port (0: any free port; the URL is printed).")] = DEFAULT_PORT,
    token: Annotated[Optional[str], typer.Option(
        help="Bearer token it accepts (default: $UNIONPIPE_PROVINCE_TOKEN or the secrets file).")] = None,
    county: Annotated[Optional[str], typer.Option(help="The one county code the token may submit for.")] = None,
    fail_first: Annotated[int, typer.Option(help="Answer the first N calls with --fail-status.")] = 0,
    fail_status: Annotated[int, typer.Option(help="Status of the injected failures.")] = 503,
    retry_after: Annotated[Optional[float], typer.Option(help="Retry-After seconds sent with them.")] = None,
    slow: Annotated[float, typer.Option(help="Wait S seconds before answering.")] = 0.0,
    slow_first: Annotated[int, typer.Option(help="Only the first N answers are slow (0: all).")] = 0,
    drop_first: Annotated[int, typer.Option(help="Close the first N connections without answering.")] = 0,
) -> None:
    """Serve POST/GET /v1/submissions like the province, with optional injected faults, until Ctrl-C or SIGTERM."""
    token = token or Settings.from_env().province_token()
    if not token:
        typer.echo("STUB_TOKEN_MISSING: 替身省平台需要令牌：请用 --token 或 UNIONPIPE_PROVINCE_TOKEN 指定", err=True)
        raise typer.Exit(2)
    try:
        stub = ProvinceStub(token, county, host=host, port=port, fail_first=fail_first, fail_status=fail_status,
                            retry_after=retry_after, slow=slow, slow_first=slow_first, drop_first=drop_first)
    except (ValueError, OSError) as exc:
        typer.echo(f"{exc}", err=True)
        raise typer.Exit(2) from None
    # SIGTERM stops it like Ctrl-C: a service manager sends it, and a shell that starts a command in the
    # background makes it ignore SIGINT.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    typer.echo(f"province stub listening on {stub.url} (替身省平台已启动；按 Ctrl-C 停止)")
    stub.serve()
    typer.echo(f"province stub stopped; accepted {len(stub.accepted)} submission(s)")
