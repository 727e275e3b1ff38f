"""STOP-Bang (Chung et al. 2008; scoring refined in 2012 and 2016).

One point per yes to Snoring, Tired, Observed apnoea, high blood Pressure; BMI > 35;
Age > 50; Neck circumference >= 43 cm (men) / >= 41 cm (women); male Gender. A total of 3-4
is upgraded to ``high`` when at least 2 STOP items are yes together with male sex, BMI > 35
or the neck point (Chung 2012, Chung 2016).
"""

from __future__ import annotations

from collections.abc import Mapping

from sleeplab_core.scoring.items import as_mapping, choice, exact_number, flag, required
from sleeplab_core.scoring.items import int_in_range as whole_number
from sleeplab_core.scoring.model import Band, Instrument, InstrumentScore, band_for

ID = "stop_bang"
STOP_ITEMS = ("snoring", "tired", "observed", "pressure")
ITEMS = (*STOP_ITEMS, "bmi", "age", "neck_cm", "sex")
MAX_BMI = 250
BANDS = (Band("low", 0, 2), Band("intermediate", 3, 4), Band("high", 5, 8))
NECK_CUTOFF_CM = {"male": 43, "female": 41}


def _item(answers: Mapping[str, object], item: str) -> object:
    return required(ID, answers, item)


def score_stop_bang(answers: object) -> InstrumentScore:
    given = as_mapping(ID, answers, ITEMS)
    stop_count = sum(flag(ID, item, _item(given, item)) for item in STOP_ITEMS)
    sex = choice(ID, "sex", _item(given, "sex"), ("male", "female"))
    # The bounds only reject nonsense: 300 kg at 120 cm (both accepted answers) is ~208.
    bmi_point = exact_number(ID, "bmi", _item(given, "bmi"), 1, MAX_BMI) > 35
    age_point = whole_number(ID, "age", _item(given, "age"), 0, 130) > 50
    neck = exact_number(ID, "neck_cm", _item(given, "neck_cm"), 1, 100)
    neck_point = neck >= NECK_CUTOFF_CM[sex]
    male_point = sex == "male"
    total = stop_count + bmi_point + age_point + neck_point + male_point
    upgraded = 3 <= total <= 4 and stop_count >= 2 and (male_point or bmi_point or neck_point)
    band = "high" if upgraded else band_for(BANDS, total)
    details = {"stop_count": stop_count, "upgraded": upgraded}
    return InstrumentScore(ID, total, band, details=details)


INSTRUMENT = Instrument(ID, 0, 8, BANDS, score_stop_bang, details=("stop_count", "upgraded"))
