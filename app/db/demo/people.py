"""Who the customers are: names, documents, addresses, phones and e-mails.

About 90% of the customers are people (CPF, RG, birth date, estado civil, a mobile
phone) and 10% companies (CNPJ, a landline, a contato@ address). City, DDD and
CEP agree (app/db/demo/names.py); CPF and CNPJ check digits come from app.domain.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from app.db.demo.context import Context, Part
from app.db.demo.names import (
    CITIES,
    COMPANY_SUFFIXES,
    EMAIL_DOMAINS,
    ESTADO_CIVIL_WEIGHTS,
    ESTADOS_CIVIS_F,
    ESTADOS_CIVIS_M,
    RAMOS,
    STREET_TYPES,
    City,
)
from app.db.demo.records import cum
from app.domain.documents import random_cnpj, random_cpf
from app.domain.text import normalize_search

__all__ = ["People"]

_NOT_EMAIL = re.compile(r"[^a-z0-9]")


class _Identity(NamedTuple):
    nome: str
    documento: str  # CPF or CNPJ digits
    rg: str | None
    nascimento: int | None
    estado_civil: str | None
    email: str | None
    telefone: str
    limite: int  # cents


class People(Part):
    """Makes the cliente rows (and the addresses and phones of the empresas)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.cities_cum = cum(tuple(c.weight for c in CITIES))
        self.street_cum = cum(tuple(w for _, w in STREET_TYPES))
        self.civil_cum = cum(ESTADO_CIVIL_WEIGHTS)

    def address(self) -> str:
        kind = STREET_TYPES[self.weighted(self.street_cum)][0]
        number = self.between(10, 3999) if self.rnd() < 0.95 else "s/n"
        extra = f", apto {self.between(1, 24)}{self.between(1, 4)}" if self.rnd() < 0.15 else ""
        return f"{kind} {self.pick(self.pools.streets)}, {number}{extra}"

    def landline(self, city: City) -> str:
        prefix = f"{self.between(2, 5)}{self.between(0, 999):03d}"
        return f"({city.ddd}) {prefix}-{self.between(0, 9999):04d}"

    def mobile(self, city: City) -> str:
        return f"({city.ddd}) 9{self.between(6000, 9999)}-{self.between(0, 9999):04d}"

    def person_name(self, female: bool) -> tuple[str, str, str]:
        pools = self.pools
        firsts = pools.female_first if female else pools.male_first
        first = self.pick(firsts)
        if " " not in first and self.rnd() < 0.2:
            second = self.pick(firsts)
            if second != first and " " not in second:
                first = f"{first} {second}"
        last = self.pick(pools.last)
        if self.rnd() < 0.65:
            other = self.pick(pools.last)
            if other != last:
                last = f"{last} {other}"
        return f"{first} {last}", first, last

    def email(self, first: str, last: str) -> str:
        user = ".".join(
            _NOT_EMAIL.sub("", normalize_search(part))
            for part in (first.split()[0], last.split()[-1])
        )
        if self.rnd() < 0.5:
            user += str(self.between(1, 99))
        return f"{user}@{self.pick(EMAIL_DOMAINS)}"

    def company(self, city: City, name: str | None) -> _Identity:
        pattern, family = self.pick(RAMOS), self.pick(self.pools.last).split()[-1]
        nome = name or f"{pattern.format(f=family)} {self.pick(COMPANY_SUFFIXES)}"
        words = [w for w in normalize_search(nome).split() if w not in ("ltda", "me", "&")]
        slug = _NOT_EMAIL.sub("", "".join(words[:2]))
        limite = self.pick((5_000, 10_000, 20_000, 30_000, 50_000)) * 100
        return _Identity(
            nome,
            random_cnpj(self.rng),
            None,
            None,
            None,
            f"contato@{slug}.com.br",
            self.landline(city),
            limite,
        )

    def person(self, city: City, name: str | None, female: bool | None) -> _Identity:
        female = self.rnd() < 0.52 if female is None else female
        generated, first, last = self.person_name(female)
        if name is not None:
            first, last = name.split()[0], name.split()[-1]
        cpf = random_cpf(self.rng)
        rg = (
            f"{self.between(10, 59)}.{self.between(0, 999):03d}."
            f"{self.between(0, 999):03d}-{self.pick('0123456789X')}"
        )
        birth = self.ref - self.between(18 * 365, 85 * 365)
        civis = ESTADOS_CIVIS_F if female else ESTADOS_CIVIS_M
        civil = civis[self.weighted(self.civil_cum)]
        email = self.email(first, last) if self.rnd() < 0.8 else None
        limite = self.pick((500, 800, 1_000, 1_500, 2_000, 3_000, 5_000, 8_000)) * 100
        return _Identity(name or generated, cpf, rg, birth, civil, email, self.mobile(city), limite)

    def cliente_row(
        self,
        cid: int,
        code: str,
        *,
        company: bool,
        since: int,
        name: str | None = None,
        female: bool | None = None,
    ) -> None:
        city = CITIES[self.weighted(self.cities_cum)]
        cep = f"{self.between(city.cep_first, city.cep_last):05d}{self.between(0, 999):03d}"
        who = self.company(city, name) if company else self.person(city, name, female)
        d = self.w.date
        self.w.rows["cliente"].append(
            (
                cid,
                code,
                who.nome,
                normalize_search(who.nome),
                who.documento,
                who.rg,
                d[who.nascimento],
                who.estado_civil,
                who.email,
                who.telefone,
                self.address(),
                self.pick(self.pools.bairros),
                city.nome,
                city.uf,
                cep,
                self.w.money(who.limite),
                d[since],
            )
        )
