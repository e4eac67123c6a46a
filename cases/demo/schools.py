"""The demo borough's invented schools.

URNs start at 900001, a range Get Information about Schools has not used, and the local
authority code is 001, one of DfE's pseudo-LA codes, which no council has but which a UPN may
carry (docs/decisions/0012-upns.md). Each school also carries an invented 4-digit
establishment number, used to build the demo's unique pupil numbers.
"""

from dataclasses import dataclass

DEMO_LA_CODE = "001"
FIRST_DEMO_URN = 900001


@dataclass(frozen=True)
class DemoSchool:
    name: str
    establishment_type: str  # as GIAS names it
    school_type: str  # DfE previous-school type code (policy.vocab.PREVIOUS_SCHOOL_TYPES)
    phase: str
    establishment_number: str
    is_special: bool = False
    is_open: bool = True

    @property
    def primary(self) -> bool:
        return self.phase in {"Primary", "All-through", "Not applicable"}

    @property
    def secondary(self) -> bool:
        return self.phase in {"Secondary", "All-through", "Not applicable"}


_P, _S, _A, _N = "Primary", "Secondary", "All-through", "Not applicable"

SCHOOLS: tuple[DemoSchool, ...] = (
    DemoSchool("Millbeck Primary School", "Community school", "la_maintained", _P, "2001"),
    DemoSchool("Cinderbridge Community Primary School", "Community school", "la_maintained",
               _P, "2002"),
    DemoSchool("Lapwing Hill Infant and Junior School", "Community school", "la_maintained",
               _P, "2003"),
    DemoSchool("St Aldric's Catholic Primary School", "Voluntary aided school",
               "la_maintained", _P, "3001"),
    DemoSchool("Holly Bank CofE Primary School", "Voluntary controlled school",
               "la_maintained", _P, "3002"),
    DemoSchool("Netherford Nursery and Primary School", "Foundation school", "la_maintained",
               _P, "2004"),
    DemoSchool("Quarrybank Primary School", "Community school", "la_maintained", _P, "2005"),
    DemoSchool("Tannersby Primary School", "Community school", "la_maintained", _P, "2006",
               is_open=False),
    DemoSchool("Foundry Vale Primary Academy", "Academy converter", "academy", _P, "2007"),
    DemoSchool("Kestrel Way Primary Academy", "Academy sponsor led", "academy", _P, "2008"),
    DemoSchool("Sandpiper Road Academy", "Academy converter", "academy", _P, "2009"),
    DemoSchool("Weavers Court Primary Academy", "Academy converter", "academy", _P, "2010"),
    DemoSchool("Beacon View Junior Academy", "Academy sponsor led", "academy", _P, "2011"),
    DemoSchool("Ridgeway Primary Academy", "Academy converter", "academy", _P, "2012"),
    DemoSchool("Alder Road Primary Academy", "Academy converter", "academy", _P, "2013"),
    DemoSchool("Coppice Drive Primary Academy", "Academy sponsor led", "academy", _P, "2014"),
    DemoSchool("Greystone Primary Free School", "Free schools", "free_school", _P, "2015"),
    DemoSchool("Netherford High School", "Community school", "la_maintained", _S, "4001"),
    DemoSchool("St Aldric's Catholic High School", "Voluntary aided school", "la_maintained",
               _S, "4601"),
    DemoSchool("Kestrelford Academy", "Academy converter", "academy", _S, "4002"),
    DemoSchool("Millbeck Academy", "Academy sponsor led", "academy", _S, "4003"),
    DemoSchool("Cinderbridge School - A Science Academy", "Academy converter", "academy", _S,
               "4004"),
    DemoSchool("Lapwing Hill Academy", "Academy converter", "academy", _S, "4005"),
    DemoSchool("Quarrybank Academy", "Academy sponsor led", "academy", _S, "4006"),
    DemoSchool("Tannersby Park Academy", "Academy converter", "academy", _S, "4007"),
    DemoSchool("Foundry Vale Academy", "Academy sponsor led", "academy", _S, "4008"),
    DemoSchool("Kestrelford Studio School", "Studio schools", "academy", _S, "4009"),
    DemoSchool("Wharf Terrace Free School", "Free schools", "free_school", _S, "4010"),
    DemoSchool("Kestrelford All-Through Academy", "Academy converter", "academy", _A, "4011"),
    DemoSchool("Larch Mews Preparatory School", "Other independent school", "independent", _A,
               "6001"),
    DemoSchool("Kestrelford Grammar School (Independent)", "Other independent school",
               "independent", _S, "6002"),
    DemoSchool("Fernlea Independent School", "Other independent school", "independent", _N,
               "6003"),
    DemoSchool("Beacon View Special School", "Community special school", "special", _N, "7001",
               is_special=True),
    DemoSchool("Spinners Fold Academy", "Academy special converter", "special", _N, "7002",
               is_special=True),
    DemoSchool("Hollin Close School", "Foundation special school", "special", _N, "7003",
               is_special=True),
    DemoSchool("Canal Side Independent Special School", "Other independent special school",
               "special", _N, "7004", is_special=True),
    DemoSchool("Kestrelford Pupil Referral Unit", "Pupil referral unit",
               "pupil_referral_unit", _N, "1100"),
    DemoSchool("Bobbin Mill Learning Centre", "Academy alternative provision converter",
               "alternative_provision", _N, "1101"),
    DemoSchool("Little Lapwings Nursery", "Local authority nursery school",
               "early_years_setting", "Nursery", "1001"),
    DemoSchool("Ivy Street Nursery School", "Local authority nursery school",
               "early_years_setting", "Nursery", "1002"),
)  # fmt: skip


def demo_urn(index: int) -> str:
    return str(FIRST_DEMO_URN + index)
