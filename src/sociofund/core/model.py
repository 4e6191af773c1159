"""The ledger format, version 1, as pydantic models (PRODUCT.md §3; docs/ledger-format.md).

Models are frozen and forbid unknown keys. Money fields are strict ``int`` (a TOML float or string
is refused, never rounded) and never negative. The field descriptions are the format's reference:
``docs/ledger-format.md`` and the JSON Schema are made from them.

Must not import: typer, rich.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sociofund.core import languages
from sociofund.core.layout import FIRST_YEAR, LAST_YEAR
from sociofund.core.cofinancing import HourlyCost, Hours, fraction
from sociofund.core.money import MAX_KRONOR

#: The newest format version this sociofund reads. A later sociofund must keep reading 1.
FORMAT_VERSION = 1

Kronor = Annotated[int, Field(strict=True, ge=0, le=MAX_KRONOR)]
Text = Annotated[str, Field(strict=True)]
FundId = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
#: an allocation id as the format allows it (``allocate`` asks again for any other answer)
ALLOCATION_ID = r"^[a-z0-9][a-z0-9-]*$"
AllocationId = Annotated[str, StringConstraints(strict=True, pattern=ALLOCATION_ID, max_length=64)]
#: a decision's id in ``decisions.toml``
DecisionRef = Annotated[str, StringConstraints(strict=True, pattern=ALLOCATION_ID, max_length=64)]
Year = Annotated[int, Field(strict=True, ge=FIRST_YEAR, le=LAST_YEAR)]
Date = Annotated[dt.date, Field(strict=True)]
NOT_BLANK = r"\S"
ACCOUNT_RANGE = r"^[0-9]{1,8}(-[0-9]{1,8})?$"
#: a dimension of the ekonomisystem as its exports name it (``projekt``, ``ansvar``, ``6``)
CodeKey = Annotated[str, StringConstraints(strict=True, max_length=64, pattern=NOT_BLANK)]
#: a code in that dimension, as text: ``"0042"`` keeps its zeros
Code = Annotated[str, StringConstraints(strict=True, max_length=64, pattern=NOT_BLANK)]
#: an account or a range of accounts, ``"4000-7999"`` or ``"7010"``
AccountRange = Annotated[str, StringConstraints(strict=True, pattern=ACCOUNT_RANGE)]

GrantStatus = Literal["expected", "applied", "granted", "paid"]
CarryoverPolicy = Literal["approval", "free", "none"]
#: the language modules of sociofund.i18n, found without importing them (core/languages.py)
Lang = Literal[languages.codes()]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    note: Text | None = Field(None, description="Free text; kept with the entry, shown in reports.")


class Grant(_Entry):
    """``[[grant]]`` — tilldelning: money a funder gives a fund for this year."""

    fund: FundId = Field(description="The fund's short id, e.g. `slk`.")
    amount: Kronor = Field(description="Whole kronor, e.g. `1_750_000`.")
    funder: Text | None = Field(None, description="Finansiär, e.g. `Tillväxtverket`.")
    program: Text | None = Field(None, description="The grant programme's name.")
    status: GrantStatus = Field(
        "granted",
        description="`expected` | `applied` | `granted` | `paid`. While every grant of a fund-year is "
        "`expected` or `applied`, an imbalance is a warning, not an error. `sociofund grant YEAR FUND "
        "--status granted` changes it; `close` refuses a year whose grants are not `granted` or `paid`.",
    )
    ref: Text | None = Field(None, description="The decision it rests on, e.g. `Dnr 2021:1144`.")
    decision: DecisionRef | None = Field(
        None, description="The id of the decision it rests on, as `decisions.toml` records it, e.g. `ks-220-2020`."
    )


class Carryover(_Entry):
    """``[[carryover]]`` — överflyttade medel: unspent money of an earlier year moved into this one."""

    fund: FundId = Field(description="The fund the money belongs to.")
    from_year: Year = Field(description="The year the money comes from; before this file's year.")
    amount: Kronor = Field(description="Whole kronor.")
    approved_by: Text | None = Field(
        None, description="Who consented (the funder). Required when the fund's policy is `approval`."
    )
    ref: Text | None = Field(None, description="The decision it rests on.")
    decision: DecisionRef | None = Field(
        None, description="The id of the decision it rests on, as `decisions.toml` records it, e.g. `ks-220-2020`."
    )
    allocation: AllocationId | None = Field(
        None, description="The intervention the money funds (an allocation id): period figures count it once."
    )


class Allocation(_Entry):
    """``[[allocation]]`` — fördelning to one insats (intervention)."""

    id: AllocationId = Field(description="Unique in the year: lower-case letters, digits and `-`.")
    fund: FundId | None = Field(None, description="May be left out when the year has exactly one fund.")
    name: Text | None = Field(None, description="The insats as the decision names it.")
    unit: Text | None = Field(None, description="Responsible unit (ansvarig), e.g. `Socialtjänsten/IFO`.")
    amount: Kronor = Field(description="Whole kronor allocated.")
    fte: Annotated[float, Field(strict=True, gt=0, le=10_000)] | None = Field(
        None, description="Full-time equivalents paid for (15 % av heltid = 0.15)."
    )
    spent: Kronor | None = Field(None, description="Utfall: what was spent, whole kronor.")
    spent_as_of: Date | None = Field(
        None, description="The date `spent` runs to while the year is followed (utfall so far); set by `sociofund import` "
        "and `sociofund spend --as-of`."
    )
    forecast: Kronor | None = Field(
        None, description="Prognos: what the insats is expected to spend in the whole year, whole kronor."
    )
    codes: dict[CodeKey, Code] | None = Field(
        None, description="Where the insats is booked in the ekonomisystem: dimension = code, e.g. "
        '`{ projekt = "7101" }`; several keys narrow together. `sociofund import` reads utfall by them.'
    )
    ref: Text | None = Field(None, description="The decision it rests on.")
    decision: DecisionRef | None = Field(
        None, description="The id of the decision it rests on, as `decisions.toml` records it, e.g. `ks-220-2020`."
    )


class Repayment(_Entry):
    """``[[repayment]]`` — återbetalning of this year's unspent money to the funder."""

    fund: FundId = Field(description="The fund the money belongs to.")
    amount: Kronor = Field(description="Whole kronor paid back.")
    ref: Text | None = Field(None, description="Invoice or decision.")
    due: Date | None = Field(None, description="When it must be paid (a TOML date).")
    paid: Date | None = Field(None, description="When it was paid (a TOML date).")


class Cofinancing(_Entry):
    """``[[cofinancing]]`` — medfinansiering: the municipality's own contribution to a fund-year.

    Give one of ``amount`` (money), ``hours`` or ``fte`` (working time, with ``hourly_cost``); an
    entry with none of them records that co-financing exists without its value (M001 warns)."""

    fund: FundId | None = Field(None, description="May be left out when the year has exactly one fund.")
    name: Text | None = Field(None, description="What is contributed, e.g. `Arbetstid för elevhälsans personal`.")
    unit: Text | None = Field(None, description="The contributing unit, e.g. `Barn- och utbildningsförvaltningen`.")
    amount: Kronor | None = Field(None, description="Money contributed, whole kronor.")
    hours: Hours | None = Field(None, description="Working hours contributed (a whole number).")
    fte: Annotated[float, Field(strict=True, gt=0, le=10_000)] | None = Field(
        None, description="Working time as full-time equivalents for the year (1 fte = 1 720 hours).")
    hourly_cost: HourlyCost | None = Field(
        None, description="Kronor per working hour (salary and overheads), whole kronor: values `hours` or `fte`.")
    ref: Text | None = Field(None, description="The decision or record it rests on.")


class YearFile(BaseModel):
    """``YYYY.toml`` — one year of one ledger set."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format: Annotated[int, Field(strict=True, ge=1, le=FORMAT_VERSION)] = Field(
        FORMAT_VERSION, description="Format version; `1`."
    )
    year: Year = Field(description="Must equal the file name.")
    closed: Annotated[bool, Field(strict=True)] = Field(
        False, description="`true` after bokslut: then every allocation has `spent`."
    )
    note: Text | None = None
    grant: list[Grant] = Field(default_factory=list)
    carryover: list[Carryover] = Field(default_factory=list)
    allocation: list[Allocation] = Field(default_factory=list)
    repayment: list[Repayment] = Field(default_factory=list)
    cofinancing: list[Cofinancing] = Field(default_factory=list)


class FundInfo(BaseModel):
    """``[funds.ID]`` in ``sociofund.toml``: the register of funds."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: Text | None = Field(None, description="The fund's name.")
    funder: Text | None = Field(None, description="Finansiär.")
    carryover: CarryoverPolicy = Field(
        "approval",
        description="`approval` (default): a carryover needs `approved_by`; `free`: none needed; "
        "`none`: carryover not allowed.",
    )
    program: Text | None = Field(
        None, description="The funder's programme, e.g. `Stärka landsbygdskommuner`: the key of the funder's roll-up.")
    regulation: Text | None = Field(
        None, description="The ordinance the grant follows, e.g. `SFS 2018:152`: also a key of the funder's roll-up.")
    max_share: Annotated[float, Field(strict=True, gt=0, le=1)] | None = Field(
        None, description="The funder's maximum share of the total cost (`0.9` for 90 %); the rest is "
        "co-financing (M003 checks it).")
    note: Text | None = None

    @property
    def share_cap(self):
        """``max_share`` as the exact fraction the ledger wrote (0.9 is 9/10, not a float)."""
        return None if self.max_share is None else fraction(self.max_share)


class UtfallSettings(BaseModel):
    """``[utfall]`` in ``sociofund.toml``: how ``sociofund import`` reads the ekonomisystem's exports."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    cost_accounts: list[AccountRange] = Field(
        ["4000-7999"], description="The accounts whose rows are utfall (costs), as accounts or ranges; by default "
        "`[\"4000-7999\"]`, the cost classes of BAS and Kommun-Bas."
    )
    columns: dict[CodeKey, Text] = Field(
        default_factory=dict, description="For CSV and xlsx exports: the header of a column where it is not the "
        'Swedish name sociofund looks for, e.g. `{ belopp = "Summa SEK", projekt = "Projektnr" }`.'
    )


class Config(BaseModel):
    """``sociofund.toml``: optional settings of a ledger set."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format: Annotated[int, Field(strict=True, ge=1, le=FORMAT_VERSION)] = FORMAT_VERSION
    organisation: Text | None = Field(None, description="The organisation's name, e.g. `Ragunda kommun`.")
    lang: Lang | None = Field(None, description="Language of what the tool prints: "
                              f"{' or '.join(f'`{c}`' for c in languages.codes())}. Without it: the reader's "
                              f"locale, else `{languages.DEFAULT}`.")
    funds: dict[FundId, FundInfo] = Field(default_factory=dict)
    utfall: UtfallSettings = Field(default_factory=UtfallSettings,
                                   description="How `sociofund import` reads exports (see `[utfall]`).")
    note: Text | None = None

    def policy(self, fund: str) -> str:
        info = self.funds.get(fund)
        return info.carryover if info else "approval"


#: the models of each table kind, for did-you-mean and the docs
ENTRY_MODELS: dict[str, type[BaseModel]] = {
    "grant": Grant,
    "carryover": Carryover,
    "allocation": Allocation,
    "repayment": Repayment,
    "cofinancing": Cofinancing,
}
MONEY_FIELDS = frozenset({"amount", "spent", "per_year", "forecast", "hourly_cost"})
