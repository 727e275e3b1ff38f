"""``sleeplab operator``: create, disable and list the console's operator accounts."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from sleeplab_core.operators import Role
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory
from sleeplab_core.operators.use_cases import create_operator, disable_operator, list_operators

if TYPE_CHECKING:
    from entrypoints.containers import Container

app = typer.Typer(name="operator", help="Operator accounts of the web console (/admin).")

PASSWORD_ENV = "SLEEPLAB_OPERATOR_PASSWORD"


async def operators_uow(container: Container) -> OperatorsUnitOfWorkFactory:
    """The container's units of work, seen as the operators module's."""
    from entrypoints.containers import unit_of_work_factory

    return cast(OperatorsUnitOfWorkFactory, await unit_of_work_factory(container))


def password_hasher() -> Any:
    from adapters.argon2_hasher import Argon2Hasher

    return Argon2Hasher()


async def create_command(
    container: Container, username: str, password: str, role: Role
) -> dict[str, Any]:
    created = await create_operator(
        await operators_uow(container),
        container.clock(),
        password_hasher(),
        username=username,
        password=password,
        role=role,
    )
    return {"username": created.username, "role": created.role.value, "active": created.active}


async def disable_command(container: Container, username: str) -> dict[str, Any]:
    disabled = await disable_operator(await operators_uow(container), container.clock(), username)
    return {"username": disabled.username, "active": disabled.active}


async def list_command(container: Container) -> list[dict[str, Any]]:
    return [
        {
            "username": o.username,
            "role": o.role.value,
            "active": o.active,
            "created_at": o.created_at.isoformat(),
        }
        for o in await list_operators(await operators_uow(container))
    ]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return cast(str, typer.prompt("password", hide_input=True, confirmation_prompt=True))


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="2–32 of a-z, 0-9, '_', '.', '-'.")],
    role: Annotated[Role, typer.Option(help="admin, support or content.")] = Role.SUPPORT,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an operator. The password is prompted for (or read from stdin, or from
    SLEEPLAB_OPERATOR_PASSWORD); it is stored only as an Argon2id hash."""
    from entrypoints.operator_cli import run_with_container

    password = _password(password_stdin)
    result = run_with_container(lambda c: create_command(c, username, password, role))
    typer.echo(f"operator {result['username']} ({result['role']}) created")


@app.command("disable")
def disable(username: str) -> None:
    """Disable an operator: logging in is refused and open sessions end."""
    from entrypoints.operator_cli import run_with_container

    result = run_with_container(lambda c: disable_command(c, username))
    typer.echo(f"operator {result['username']} disabled")


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the operators."""
    import json

    from entrypoints.operator_cli import run_with_container

    rows = run_with_container(list_command)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        state = "active" if row["active"] else "disabled"
        typer.echo(f"{row['username']}\t{row['role']}\t{state}")
