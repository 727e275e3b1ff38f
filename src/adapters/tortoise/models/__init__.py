"""Every Tortoise model of the application, in one Tortoise app (``APP_LABEL``).

Add the models of a new module as one more import line below (``import X as X`` re-exports it);
the database setup and the migrations discover models from this package.
"""

from adapters.tortoise.models.assistant import AssistantLogRecord as AssistantLogRecord
from adapters.tortoise.models.assistant import (
    AssistantPreferencesRecord as AssistantPreferencesRecord,
)
from adapters.tortoise.models.conversation import ConversationRecord as ConversationRecord
from adapters.tortoise.models.conversation import InboxRecord as InboxRecord
from adapters.tortoise.models.conversation import IntakeLeaseRecord as IntakeLeaseRecord
from adapters.tortoise.models.conversation import IntakeUpdateRecord as IntakeUpdateRecord
from adapters.tortoise.models.entitlements import EntitlementRecord as EntitlementRecord
from adapters.tortoise.models.jobs import *  # noqa: F403 (its __all__: jobs, broadcasts)
from adapters.tortoise.models.ledger import *  # noqa: F403 (its __all__: every ledger table)
from adapters.tortoise.models.payments import *  # noqa: F403 (its __all__: every payments table)
from adapters.tortoise.models.sleeplab import RunRecord as RunRecord
from adapters.tortoise.models.users import UserRecord as UserRecord
