"""A screener bot made of data: consent (optional), questions, a result from rules."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from sleeplab_core.conversation import (
    BotSpec,
    Button,
    ButtonPress,
    Command,
    Event,
    Flow,
    FlowContext,
    Start,
    Text,
)
from sleeplab_core.diagnosis import Diagnosis, RuleSet, build_env, evaluate, load_ruleset
from sleeplab_core.kernel.users import Consent
from sleeplab_core.platform import Bot, BotContext
from sleeplab_core.questionnaires import (
    Accepted,
    Definition,
    RunState,
    back,
    render_question,
    result_environment,
    start_run,
    submit,
)
from sleeplab_core.questionnaires.loader import load_definition

ANSWER, BACK, AGAIN, AGREE = "kit:a", "kit:back", "kit:again", "kit:agree"


@attrs.frozen
class ScreenerContent:
    """A screener's data: the questionnaire (one level), its rules, the consent version."""

    bot: str
    questionnaire: Definition
    level: str
    rules: RuleSet
    consent_version: str | None = None


def load_screener(
    name: str, folder: Path, *, consent_version: str | None = None
) -> ScreenerContent:
    """Read ``questionnaire.toml`` and ``rules.toml`` from ``folder``, checked against each other.

    Raises:
        QuestionnaireError / RuleSetError / RulesMismatch: naming the file and the path.
    """
    from sleeplab_core.botkit.checks import check_rules_against

    definition = load_definition(folder / "questionnaire.toml")
    rules = load_ruleset(folder / "rules.toml")
    check_rules_against(rules, definition, source=str(folder / "rules.toml"))
    return ScreenerContent(name, definition, next(iter(definition.levels)), rules, consent_version)


class ScreenerFlow:
    """The questions, one screen at a time; the run state is the conversation's data, so
    every answer is checkpointed with the event that gave it."""

    name = "screener"

    def __init__(self, content: ScreenerContent) -> None:
        self.content = content

    async def enter(self, ctx: FlowContext) -> None:
        needs_consent = self.content.consent_version is not None and ctx.user.consent is None
        if needs_consent and not ctx.data.get("asked_consent"):
            ctx.data = {"asked_consent": True}
            ctx.send(
                ctx.t(f"{self.content.bot}.consent", version=self.content.consent_version),
                [[ctx.button("kit.agree", AGREE)]],
            )
            return
        ctx.data = {
            "run": start_run(self.content.questionnaire, self.content.level).model_dump(mode="json")
        }
        await self._show(ctx)

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        match event:
            case Start():
                await self.enter(ctx)
            case ButtonPress(data=data) if data == AGREE:
                version = self.content.consent_version or ""
                ctx.update_user(consent=Consent(given_at=ctx.clock.now(), text_version=version))
                ctx.data = {}
                await self.enter(ctx)
            case ButtonPress(data=data) if data.startswith(ANSWER) and "run" in ctx.data:
                await self._answer(ctx, data.removeprefix(ANSWER + ":"))
            case ButtonPress(data=data) if data == BACK and "run" in ctx.data:
                await self._back(ctx)
            case Text(text=text) if "run" in ctx.data:
                await self._answer(ctx, text)
            case Command(name="back") if "run" in ctx.data:
                await self._back(ctx)
            case _:
                ctx.send(ctx.t("kit.use_buttons"), tag="notice")
                await self._show(ctx) if "run" in ctx.data else await self.enter(ctx)

    async def _answer(self, ctx: FlowContext, raw: str) -> None:
        state, profile = self._state(ctx), _profile(ctx)
        outcome = submit(self.content.questionnaire, state, profile, raw, locale=ctx.locale)
        if not isinstance(outcome, Accepted):
            ctx.send(ctx.render(outcome.reason), tag="notice")
        else:
            ctx.data["run"] = outcome.state.model_dump(mode="json")
        await self._show(ctx)

    async def _back(self, ctx: FlowContext) -> None:
        outcome = back(self.content.questionnaire, self._state(ctx), _profile(ctx))
        if isinstance(outcome, Accepted):
            ctx.data["run"] = outcome.state.model_dump(mode="json")
        await self._show(ctx)

    async def _show(self, ctx: FlowContext) -> None:
        definition, state, profile = self.content.questionnaire, self._state(ctx), _profile(ctx)
        question = render_question(definition, state, profile, ctx.locale, ctx.catalog)
        if question is None:
            env = result_environment(definition, state, profile)
            ctx.switch("result", env=_jsonable(env))
            return
        rows = [[Button(option.label, f"{ANSWER}:{option.value}")] for option in question.options]
        if question.number > 1:
            rows.append([ctx.button("kit.back", BACK)])
        parts = [question.progress_text, question.text, question.hint, question.input_hint]
        ctx.send("\n\n".join(part for part in parts if part), rows)

    def _state(self, ctx: FlowContext) -> RunState:
        return RunState.model_validate(ctx.data["run"])


class ResultFlow:
    """What the rules found, one paragraph per outcome, and a way to start again."""

    name = "result"

    def __init__(self, content: ScreenerContent) -> None:
        self.content = content

    async def enter(self, ctx: FlowContext) -> None:
        diagnosis = diagnose(self.content.rules, ctx.data.get("env", {}))
        paragraphs = [
            f"{ctx.render(o.title)}\n{ctx.render(o.explanation)}" for o in diagnosis.outcomes
        ]
        text = "\n\n".join([ctx.t(f"{self.content.bot}.result.title"), *paragraphs])
        ctx.send(text, [[ctx.button("kit.again", AGAIN)]])

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        if (isinstance(event, ButtonPress) and event.data == AGAIN) or isinstance(event, Start):
            ctx.switch("screener")
            return
        ctx.send(ctx.t("kit.use_buttons"), tag="notice")
        await self.enter(ctx)


def diagnose(rules: RuleSet, env: Mapping[str, object]) -> Diagnosis:
    """The rules over a finished run's :func:`result_environment`."""
    return evaluate(rules, rule_env(env))


def rule_env(env: Mapping[str, object]) -> dict[str, object]:
    """A run's environment as rules read it: answers and calculated values as
    ``answer.<id>``, ``scale.<name>`` and ``profile.<field>`` as they are."""
    answers = {key: value for key, value in env.items() if "." not in key}
    named = {key: value for key, value in env.items() if "." in key}
    return {**build_env({}, answers), **named}


def screener_bot(
    name: str,
    folder: Path,
    *,
    consent_version: str | None = None,
    description: str = "",
) -> Bot:
    """A :class:`Bot` from a folder with ``questionnaire.toml``, ``rules.toml``, ``locales/``.

    The bot's catalogs need ``<name>.result.title`` (and ``<name>.consent`` with a consent
    version), and the rule set's title and explanation keys.
    """

    def build(ctx: BotContext) -> BotSpec:
        content = load_screener(name, folder, consent_version=consent_version)
        flows: dict[str, Flow] = {
            "screener": ScreenerFlow(content),
            "result": ResultFlow(content),
        }
        return BotSpec(name=name, flows=flows, start="screener", commands={"restart": "screener"})

    return Bot(name=name, build=build, locales=folder / "locales", description=description)


def _profile(ctx: FlowContext) -> dict[str, object]:
    profile = ctx.user.profile()
    now = ctx.clock.now()
    profile["age"] = now.year - ctx.user.birth_year if ctx.user.birth_year else None
    return profile


def _jsonable(env: Mapping[str, Any]) -> dict[str, Any]:
    return {key: list(v) if isinstance(v, tuple) else v for key, v in env.items()}
