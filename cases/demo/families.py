"""The people in the demo borough: families, parents and carers, children and their
unique pupil numbers. All invented (see ``names``)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from policy.school_age import compulsory_school_age
from policy.upn import upn_check_letter

from . import names
from .plan import ChildPlan, Family, PersonPlan, weighted
from .schools import DEMO_LA_CODE, SCHOOLS


class FamiliesMixin:
    rng: random.Random
    children: list[ChildPlan]
    upn_serials: dict[tuple[str, str], int]
    used_names: set[tuple[str, str, date]]
    family_count: int

    def postcode(self) -> str:
        letters = "ABDEFGHJLNPQRSTUWXY"
        return (
            f"ZZ{self.rng.randint(1, 9)} {self.rng.randint(1, 9)}"
            f"{self.rng.choice(letters)}{self.rng.choice(letters)}"
        )

    def address(self, *, in_area: bool = True) -> dict:
        number = self.rng.randint(1, 140)
        if in_area:
            return {
                "line_1": f"{number} {self.rng.choice(names.STREETS)}",
                "line_2": self.rng.choice(names.DISTRICTS),
                "town": names.TOWN,
                "postcode": self.postcode(),
                "in_area": True,
            }
        return {
            "line_1": f"{number} {self.rng.choice(names.STREETS)}",
            "line_2": "",
            "town": self.rng.choice(names.ELSEWHERE_TOWNS),
            "postcode": self.postcode().replace("ZZ", "ZZ1", 1),
            "in_area": False,
        }

    def person(
        self,
        family_key: str,
        index: int,
        *,
        woman: bool,
        surname: str,
        address: dict,
        background,
        written_only: bool,
        ehe: bool,
    ) -> dict:
        rng = self.rng
        first = rng.choice(names.ADULT_WOMEN if woman else names.ADULT_MEN)
        title = rng.choice(("Ms", "Mrs", "Miss", "Ms")) if woman else rng.choice(("Mr", "Mr"))
        if rng.random() < 0.02:
            title = "Mx"
        if written_only:
            method = "written_report"
        elif ehe:
            method = weighted(
                rng,
                (
                    ("home_visit", 35),
                    ("virtual_visit", 12),
                    ("meeting_elsewhere", 10),
                    ("email", 25),
                    ("phone", 18),
                ),
            )
        else:
            method = weighted(rng, (("phone", 50), ("email", 30), ("home_visit", 20)))
        language = background[2]
        interpreter = bool(language) and rng.random() < 0.3
        email_name = f"{first}.{surname}".lower().replace("'", "")
        return {
            "title": title,
            "first_name": first,
            "last_name": surname,
            "address_line_1": address["line_1"],
            "address_line_2": address["line_2"],
            "town": address["town"],
            "postcode": address["postcode"],
            "phone": f"07700 900{rng.randint(0, 999):03d}",
            "email": f"{email_name}{family_key[1:]}{index}@example.invalid",
            "preferred_contact_method": method,
            "interpreter_needed": interpreter,
            "interpreter_language": language if interpreter else "",
        }

    def family(self, *, ehe: bool, looked_after: bool = False) -> Family:
        rng = self.rng
        self.family_count += 1
        key = f"F{self.family_count}"
        surname = rng.choice(names.SURNAMES)
        background = rng.choice(names.BACKGROUNDS)
        address = self.address()
        written_only = ehe and rng.random() < 0.13
        common = {
            "surname": surname,
            "background": background,
            "written_only": written_only,
            "ehe": ehe,
        }
        people = []
        if looked_after:
            carer = self.person(key, 1, woman=True, address=address, **common)
            carer["last_name"] = rng.choice(names.SURNAMES)
            people.append(PersonPlan(f"{key}p1", carer, "foster_carer", False, True, True))
            mother = self.person(key, 2, woman=True, address=self.address(), **common)
            people.append(PersonPlan(f"{key}p2", mother, "mother", True, False, True))
            return Family(key, surname, background, address, people, written_only)
        shape = rng.random()
        if shape < 0.04:
            # Grandparent raising the child under a special guardianship order.
            guardian = self.person(key, 1, woman=rng.random() < 0.7, address=address, **common)
            people.append(PersonPlan(f"{key}p1", guardian, "special_guardian"))
        elif shape < 0.12:
            father = self.person(key, 1, woman=False, address=address, **common)
            people.append(PersonPlan(f"{key}p1", father, "father"))
        else:
            mother = self.person(key, 1, woman=True, address=address, **common)
            people.append(PersonPlan(f"{key}p1", mother, "mother"))
            second = rng.random()
            if second < 0.5:
                father = self.person(key, 2, woman=False, address=address, **common)
                people.append(PersonPlan(f"{key}p2", father, "father"))
            elif second < 0.58:
                # Separated parents who both hold parental responsibility: both are told of
                # concerns and both are served with formal notices (DOMAIN §5.2).
                father = self.person(key, 2, woman=False, address=self.address(), **common)
                father["last_name"] = rng.choice(names.SURNAMES)
                father["preferred_contact_method"] = "email"
                people.append(PersonPlan(f"{key}p2", father, "father", True, False, True))
            elif second < 0.63:
                step = self.person(key, 2, woman=False, address=address, **common)
                step["last_name"] = rng.choice(names.SURNAMES)
                people.append(PersonPlan(f"{key}p2", step, "step_parent", False, True, False))
        if ehe:
            people[0].provides_education = True
        return Family(key, surname, background, address, people, written_only)

    def dob_for_year_group(self, year: int, on: date) -> date:
        """A date of birth that puts the child in national curriculum ``year`` on ``on``, and
        of compulsory school age then: between the last Friday of June and September, Year 11
        has already left (s8(3)), so a child of that year is placed in Year 10 instead."""
        school_year = on.year if on.month >= 9 else on.year - 1
        first = date(school_year - year - 5, 9, 1)
        dob = first + timedelta(days=self.rng.randint(0, 364))
        if compulsory_school_age(dob)[1] < on:
            return self.dob_for_year_group(year - 1, on)
        return dob

    def upn(self, dob: date, school_index: int | None) -> str:
        if school_index is None:
            school_index = self.rng.randrange(0, 17)  # a primary school
        establishment = SCHOOLS[school_index].establishment_number
        # Allocated when the child first joined a school, at 4 or 5.
        year = f"{(dob.year + 5) % 100:02d}"
        key = (establishment, year)
        self.upn_serials[key] = self.upn_serials.get(key, 0) + 1
        body = f"{DEMO_LA_CODE}{establishment}{year}{self.upn_serials[key]:03d}"
        return upn_check_letter(body) + body

    def child(
        self,
        story: str,
        family: Family,
        dob: date,
        *,
        sen_rates,
        csc_rates,
        with_upn: bool = True,
        school_index: int | None = None,
    ) -> ChildPlan:
        rng = self.rng
        sex = "F" if rng.random() < 0.49 else "M"
        if rng.random() < 0.005:
            sex = "U"
        pool = names.GIRLS if sex == "F" else names.BOYS if sex == "M" else names.GIRLS
        first = rng.choice(pool)
        while (first, family.surname, dob) in self.used_names:
            first = rng.choice(pool)
        self.used_names.add((first, family.surname, dob))
        middle = rng.choice(pool) if rng.random() < 0.45 else ""
        ethnicity, languages, _ = family.background
        fields = {
            "legal_first_name": first,
            "legal_middle_names": middle if middle != first else "",
            "legal_last_name": family.surname,
            "date_of_birth": dob,
            "sex": sex,
            "ethnicity": ethnicity,
            "languages": languages,
            "gypsy_roma_traveller": ethnicity in {"Gypsy or Roma", "Traveller of Irish heritage"},
        }
        if with_upn:
            fields["upn"] = self.upn(dob, school_index)
        sen = weighted(
            rng,
            (("ehcp", sen_rates[0]), ("sen_support", sen_rates[1]), ("none", 1 - sum(sen_rates))),
        )
        csc = weighted(
            rng,
            (
                ("cin", csc_rates[0]),
                ("cpp", csc_rates[1]),
                ("cla", csc_rates[2]),
                ("none", 1 - sum(csc_rates)),
            ),
        )
        key = f"C{len(self.children) + 1}"
        plan = ChildPlan(
            key=key,
            story=story,
            fields=fields,
            known_from=dob,
            address=dict(family.address),
            sen=sen,
            csc=csc,
            people=list(family.people),
            family=family,
        )
        self.children.append(plan)
        return plan
