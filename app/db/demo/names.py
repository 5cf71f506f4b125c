"""Word pools for the demonstration data (app/db/demo/).

People's names come from Faker('pt_BR'), seeded with the demo seed and asked a few
thousand times once, at start; everything else is a fixed list here: real cities
with their UF, DDD and CEP range (so phone, CEP and city agree), street types,
business lines, products with unit and price range, and the texts of events.
Pools are sorted tuples, so their order never depends on hashing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker


@dataclass(frozen=True)
class City:
    nome: str
    uf: str
    ddd: str
    cep_first: int  # the CEP's first five digits run from cep_first to cep_last
    cep_last: int
    weight: int  # how often customers live there


CITIES: tuple[City, ...] = (
    City("São Paulo", "SP", "11", 1000, 5999, 40),
    City("Guarulhos", "SP", "11", 7000, 7399, 8),
    City("Osasco", "SP", "11", 6000, 6299, 6),
    City("Santo André", "SP", "11", 9000, 9299, 6),
    City("Campinas", "SP", "19", 13000, 13139, 14),
    City("Santos", "SP", "13", 11000, 11099, 10),
    City("São José dos Campos", "SP", "12", 12200, 12248, 8),
    City("Sorocaba", "SP", "15", 18000, 18109, 6),
    City("Ribeirão Preto", "SP", "16", 14000, 14114, 6),
    City("Jundiaí", "SP", "11", 13200, 13219, 5),
    City("Rio de Janeiro", "RJ", "21", 20000, 23799, 8),
    City("Niterói", "RJ", "21", 24000, 24399, 2),
    City("Belo Horizonte", "MG", "31", 30000, 31999, 6),
    City("Uberlândia", "MG", "34", 38400, 38415, 2),
    City("Juiz de Fora", "MG", "32", 36000, 36099, 2),
    City("Pouso Alegre", "MG", "35", 37550, 37559, 2),
    City("Vitória", "ES", "27", 29000, 29099, 1),
    City("Curitiba", "PR", "41", 80000, 82999, 4),
    City("Londrina", "PR", "43", 86000, 86099, 1),
    City("Maringá", "PR", "44", 87000, 87099, 1),
    City("Porto Alegre", "RS", "51", 90000, 91999, 2),
    City("Caxias do Sul", "RS", "54", 95000, 95124, 1),
    City("Florianópolis", "SC", "48", 88000, 88099, 1),
    City("Joinville", "SC", "47", 89200, 89239, 1),
    City("Salvador", "BA", "71", 40000, 42499, 2),
    City("Recife", "PE", "81", 50000, 52999, 2),
    City("Fortaleza", "CE", "85", 60000, 61599, 2),
    City("Natal", "RN", "84", 59000, 59139, 1),
    City("João Pessoa", "PB", "83", 58000, 58099, 1),
    City("Maceió", "AL", "82", 57000, 57099, 1),
    City("São Luís", "MA", "98", 65000, 65109, 1),
    City("Belém", "PA", "91", 66000, 66999, 1),
    City("Manaus", "AM", "92", 69000, 69099, 1),
    City("Goiânia", "GO", "62", 74000, 74899, 2),
    City("Brasília", "DF", "61", 70000, 72799, 3),
    City("Campo Grande", "MS", "67", 79000, 79124, 1),
    City("Cuiabá", "MT", "65", 78000, 78099, 1),
)

# The group's companies: (city index in CITIES, razão social pattern, nome fantasia
# pattern, product lines sold, multa %, juros % a.m.); {f} is the family name.
EMPRESAS: tuple[tuple[int, str, str, tuple[str, ...], str, str], ...] = (
    (0, "Comercial {f} Ltda", "Casa {f}", ("eletro", "moveis", "eletronicos"), "2.00", "1.00"),
    (
        4,
        "{f} Materiais de Construção Ltda",
        "{f} Construção",
        ("obra", "ferragens"),
        "2.00",
        "1.00",
    ),
    (5, "{f} Móveis e Decoração Ltda", "{f} Móveis", ("moveis", "eletro"), "1.50", "2.00"),
    (6, "{f} Informática e Eletrônicos ME", "{f} Tech", ("eletronicos", "eletro"), "2.00", "1.00"),
)

STREET_TYPES: tuple[tuple[str, int], ...] = (
    ("Rua", 70),
    ("Avenida", 18),
    ("Travessa", 5),
    ("Alameda", 4),
    ("Praça", 3),
)

ESTADOS_CIVIS_F = ("Solteira", "Casada", "Divorciada", "Viúva", "União estável")
ESTADOS_CIVIS_M = ("Solteiro", "Casado", "Divorciado", "Viúvo", "União estável")
ESTADO_CIVIL_WEIGHTS = (35, 40, 12, 5, 8)

EMAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "yahoo.com.br",
    "uol.com.br",
    "bol.com.br",
    "terra.com.br",
)

# Customers that are companies: the pattern ({f}: a family name) and a suffix.
RAMOS: tuple[str, ...] = (
    "Mercearia {f}",
    "Padaria {f}",
    "Auto Peças {f}",
    "{f} Materiais de Construção",
    "Distribuidora {f}",
    "Papelaria {f}",
    "Farmácia {f}",
    "Restaurante {f}",
    "Oficina Mecânica {f}",
    "Construtora {f}",
    "Lanchonete {f}",
    "Pet Shop {f}",
    "Salão de Beleza {f}",
    "{f} Comércio de Alimentos",
    "Serralheria {f}",
    "Marcenaria {f}",
    "{f} & Filhos Comércio",
)
COMPANY_SUFFIXES = ("Ltda", "Ltda", "Ltda", "ME", "ME")

# Products: (line, description, variants, unidade, lowest and highest price in reais).
# Each variant is one produto: "Geladeira Frost Free 400L".
PRODUCT_LINES: tuple[tuple[str, str, tuple[str, ...], str, int, int], ...] = (
    ("eletro", "Geladeira Frost Free", ("300L", "375L", "400L", "480L", "520L"), "UN", 2300, 5400),
    ("eletro", "Geladeira duplex", ("260L", "340L", "410L"), "UN", 1900, 3600),
    ("eletro", "Freezer horizontal", ("220L", "310L", "410L"), "UN", 1800, 3600),
    (
        "eletro",
        "Fogão",
        ("4 bocas", "5 bocas", "6 bocas", "4 bocas inox", "5 bocas inox"),
        "UN",
        650,
        2400,
    ),
    ("eletro", "Cooktop a gás", ("4 bocas", "5 bocas"), "UN", 450, 1300),
    ("eletro", "Micro-ondas", ("20L", "27L", "32L", "34L"), "UN", 480, 1200),
    ("eletro", "Máquina de lavar", ("8kg", "11kg", "13kg", "15kg", "17kg"), "UN", 1400, 3600),
    ("eletro", "Lava e seca", ("10kg", "11kg", "12kg"), "UN", 2800, 4900),
    ("eletro", "Tanquinho", ("8kg", "10kg"), "UN", 420, 700),
    (
        "eletro",
        "Ar-condicionado split",
        ("9.000 BTUs", "12.000 BTUs", "18.000 BTUs", "24.000 BTUs"),
        "UN",
        1800,
        5200,
    ),
    ("eletro", "Ventilador de coluna", ("40cm", "50cm"), "UN", 160, 380),
    ("eletro", "Ventilador de teto", ("3 pás", "4 pás"), "UN", 220, 520),
    ("eletro", "Liquidificador", ("2L", "3L", "1200W"), "UN", 110, 380),
    ("eletro", "Batedeira planetária", ("600W", "700W", "800W"), "UN", 280, 750),
    ("eletro", "Fritadeira elétrica sem óleo", ("3,5L", "4L", "5,5L"), "UN", 320, 780),
    ("eletro", "Cafeteira elétrica", ("15 xícaras", "30 xícaras"), "UN", 90, 260),
    ("eletro", "Ferro de passar a vapor", ("1200W", "1600W"), "UN", 90, 240),
    ("eletro", "Aspirador de pó", ("1000W", "1400W", "vertical", "robô"), "UN", 240, 1800),
    ("eletro", "Purificador de água", ("natural", "refrigerado"), "UN", 450, 1200),
    ("eletro", "Lava-louças", ("8 serviços", "14 serviços"), "UN", 2100, 3900),
    ("eletro", "Forno elétrico", ("44L", "50L"), "UN", 450, 900),
    ("moveis", "Sofá retrátil", ("2 lugares", "3 lugares", "4 lugares"), "UN", 1400, 4200),
    ("moveis", "Guarda-roupa casal", ("4 portas", "6 portas", "8 portas"), "UN", 900, 2900),
    ("moveis", "Cama box", ("solteiro", "casal", "queen"), "UN", 700, 2600),
    ("moveis", "Colchão de molas", ("solteiro", "casal", "queen", "king"), "UN", 600, 3800),
    ("moveis", "Colchão de espuma D33", ("solteiro", "casal"), "UN", 380, 900),
    ("moveis", "Mesa de jantar", ("4 cadeiras", "6 cadeiras", "8 cadeiras"), "UN", 900, 3900),
    ("moveis", "Rack para TV", ('até 50"', 'até 55"', 'até 65"'), "UN", 350, 1200),
    ("moveis", "Painel para TV", ('até 55"', 'até 65"'), "UN", 280, 900),
    ("moveis", "Cadeira de escritório", ("secretária", "giratória", "presidente"), "UN", 280, 1400),
    ("moveis", "Armário de cozinha", ("3 portas", "6 portas", "8 portas"), "UN", 600, 2200),
    ("moveis", "Cômoda", ("4 gavetas", "6 gavetas"), "UN", 380, 900),
    ("moveis", "Escrivaninha", ("1 gaveta", "2 gavetas"), "UN", 250, 700),
    ("moveis", "Estante de aço", ("5 prateleiras", "6 prateleiras"), "UN", 220, 520),
    ("eletronicos", "Smart TV LED", ('32"', '43"', '50"', '55"', '65"'), "UN", 1100, 4800),
    (
        "eletronicos",
        "Notebook",
        (
            "Core i3 8GB",
            "Ryzen 5 8GB",
            "Core i5 8GB",
            "Core i5 16GB",
            "Ryzen 7 16GB",
            "Core i7 16GB",
        ),
        "UN",
        2600,
        6900,
    ),
    ("eletronicos", "Smartphone", ("64GB", "128GB", "256GB"), "UN", 900, 4200),
    ("eletronicos", "Tablet", ('10" 64GB', '11" 128GB'), "UN", 1100, 3200),
    (
        "eletronicos",
        "Impressora multifuncional",
        ("jato de tinta", "tanque de tinta", "laser"),
        "UN",
        600,
        2100,
    ),
    ("eletronicos", "Monitor LED", ('21,5"', '24"', '27"'), "UN", 600, 1900),
    ("eletronicos", "Caixa de som Bluetooth", ("10W", "20W", "40W", "100W"), "UN", 150, 1300),
    (
        "eletronicos",
        "Fone de ouvido Bluetooth",
        ("intra-auricular", "supra-auricular"),
        "UN",
        90,
        450,
    ),
    ("eletronicos", "Mouse sem fio", ("1600 DPI", "óptico"), "UN", 40, 120),
    ("eletronicos", "Teclado USB", ("ABNT2", "ABNT2 sem fio"), "UN", 60, 180),
    ("eletronicos", "HD externo", ("1TB", "2TB", "4TB"), "UN", 330, 900),
    ("eletronicos", "Pen drive", ("32GB", "64GB", "128GB"), "UN", 30, 110),
    ("eletronicos", "Roteador Wi-Fi", ("AC1200", "AX1800"), "UN", 180, 650),
    ("eletronicos", "Nobreak", ("600VA", "1200VA"), "UN", 420, 1100),
    ("eletronicos", "Cabo HDMI", ("1,5m", "3m", "5m"), "UN", 25, 70),
    ("eletronicos", "Papel sulfite A4", ("75g resma 500 folhas",), "CX", 190, 260),
    ("obra", "Cimento CP II", ("25kg", "50kg"), "UN", 24, 42),
    ("obra", "Argamassa colante", ("AC-I 20kg", "AC-II 20kg", "AC-III 20kg"), "UN", 14, 45),
    ("obra", "Rejunte flexível", ("1kg", "5kg"), "UN", 9, 42),
    (
        "obra",
        "Tinta acrílica",
        ("fosca 3,6L", "semibrilho 3,6L", "fosca 18L", "semibrilho 18L"),
        "UN",
        80,
        520,
    ),
    ("obra", "Massa corrida", ("5kg", "25kg"), "UN", 25, 90),
    (
        "obra",
        "Piso cerâmico",
        ("45x45", "60x60", "porcelanato 60x60", "porcelanato 80x80"),
        "CX",
        45,
        180,
    ),
    ("obra", "Revestimento de parede", ("30x60", "32x57"), "CX", 55, 140),
    ("obra", "Telha cerâmica", ("colonial", "portuguesa", "romana"), "UN", 2, 4),
    ("obra", "Telha de fibrocimento", ("2,44x1,10m 6mm", "1,83x1,10m 5mm"), "UN", 45, 90),
    ("obra", "Bloco de concreto", ("14x19x39", "9x19x39"), "UN", 3, 6),
    ("obra", "Tijolo baiano", ("9 furos",), "UN", 1, 2),
    ("obra", "Areia média", ("saco 20kg",), "UN", 6, 9),
    (
        "obra",
        "Vergalhão CA-50",
        ("6,3mm barra 12m", "8mm barra 12m", "10mm barra 12m"),
        "UN",
        28,
        80,
    ),
    ("obra", "Cabo flexível", ("1,5mm²", "2,5mm²", "4mm²", "6mm²", "10mm²"), "M", 2, 14),
    ("obra", "Fio paralelo", ("2x1,5mm²", "2x2,5mm²"), "M", 2, 6),
    ("obra", "Tubo PVC soldável", ("20mm", "25mm", "32mm", "50mm"), "M", 4, 18),
    ("obra", "Tubo PVC esgoto", ("40mm", "50mm", "100mm"), "M", 5, 22),
    ("obra", "Mangueira de jardim", ('1/2"', '3/4"'), "M", 3, 7),
    ("obra", "Conduíte corrugado", ('3/4"', '1"'), "M", 1, 3),
    ("obra", "Caixa d'água de polietileno", ("500L", "1000L"), "UN", 320, 620),
    ("obra", "Chuveiro elétrico", ("5500W", "6800W", "7500W"), "UN", 60, 260),
    ("obra", "Torneira de cozinha", ("de parede", "de mesa", "gourmet"), "UN", 45, 380),
    ("obra", "Vaso sanitário com caixa acoplada", ("branco", "bege"), "UN", 380, 900),
    ("obra", "Lâmpada LED bulbo", ("9W", "12W", "15W", "20W"), "UN", 8, 25),
    ("obra", "Disjuntor DIN", ("16A", "20A", "32A", "40A"), "UN", 12, 45),
    ("obra", "Tomada 2P+T", ("10A", "20A"), "UN", 9, 18),
    ("ferragens", "Parafuso sextavado", ("6mm", "8mm", "10mm", "12mm"), "CX", 24, 90),
    ("ferragens", "Parafuso para madeira", ("3,5x25mm", "4,0x40mm", "5,0x50mm"), "CX", 14, 45),
    ("ferragens", "Parafuso autoatarraxante", ("4,2x13mm", "4,8x19mm"), "CX", 18, 40),
    ("ferragens", "Porca sextavada", ("M6", "M8", "M10"), "CX", 12, 35),
    ("ferragens", "Bucha de nylon", ("6mm", "8mm", "10mm"), "CX", 8, 22),
    ("ferragens", "Prego com cabeça", ("12x12", "17x27", "18x30"), "KG", 14, 26),
    ("ferragens", "Arame galvanizado", ("nº 12", "nº 14", "nº 18"), "KG", 18, 32),
    ("ferragens", "Arame recozido", ("nº 18",), "KG", 16, 24),
    ("ferragens", "Corrente galvanizada", ("5mm", "8mm"), "M", 9, 22),
    ("ferragens", "Corda de náilon", ("6mm", "10mm"), "M", 1, 4),
    ("ferragens", "Furadeira de impacto", ("550W", "650W", "750W"), "UN", 190, 520),
    ("ferragens", "Parafusadeira a bateria", ("12V", "18V"), "UN", 280, 900),
    ("ferragens", "Serra circular", ("1400W", "1800W"), "UN", 380, 900),
    ("ferragens", "Esmerilhadeira angular", ('4 1/2" 720W', '7" 2200W'), "UN", 220, 780),
    ("ferragens", "Trena", ("3m", "5m", "8m"), "UN", 14, 45),
    ("ferragens", "Nível de alumínio", ("30cm", "60cm"), "UN", 25, 70),
    ("ferragens", "Martelo de unha", ("27mm",), "UN", 35, 60),
    ("ferragens", "Chave de fenda", ('1/8x4"', '3/16x6"'), "UN", 9, 22),
    ("ferragens", "Alicate universal", ('8"',), "UN", 35, 70),
    ("ferragens", "Fita isolante", ("10m", "20m"), "UN", 5, 14),
    ("ferragens", "Cadeado de latão", ("30mm", "40mm", "50mm"), "UN", 25, 80),
    ("ferragens", "Dobradiça de aço", ('3"', '3 1/2"'), "CX", 30, 70),
    ("ferragens", "Solda eletrodo", ("2,5mm", "3,25mm"), "KG", 38, 60),
    ("ferragens", "Lixa d'água", ("grão 100", "grão 220"), "CX", 35, 60),
    ("eletro", "Coifa de parede", ("60cm", "90cm"), "UN", 600, 1600),
    ("eletro", "Sanduicheira", ("2 fatias", "4 fatias"), "UN", 60, 180),
    ("eletro", "Panela elétrica de arroz", ("5 xícaras", "10 xícaras"), "UN", 110, 260),
    ("moveis", "Poltrona do papai", ("reclinável", "giratória"), "UN", 600, 1800),
    ("moveis", "Banqueta alta", ("madeira", "estofada"), "UN", 120, 350),
    ("moveis", "Beliche", ("aço", "madeira"), "UN", 600, 1400),
    ("eletronicos", "Câmera de segurança Wi-Fi", ("1080p", "2K"), "UN", 150, 450),
    ("eletronicos", "Carregador USB-C", ("20W", "65W"), "UN", 50, 220),
    ("eletronicos", "SSD", ("240GB", "480GB", "1TB"), "UN", 150, 600),
    ("obra", "Cal hidratada", ("20kg",), "UN", 15, 25),
    ("obra", "Brita", ("nº 1 saco 20kg",), "UN", 6, 10),
    ("obra", "Impermeabilizante", ("3,6L", "18L"), "UN", 60, 380),
    ("obra", "Registro de gaveta", ('3/4"', '1"'), "UN", 45, 120),
    ("obra", "Luva de correr PVC", ("25mm", "50mm"), "UN", 4, 15),
    ("ferragens", "Broca de aço rápido", ("6mm", "8mm", "10mm"), "UN", 8, 25),
    ("ferragens", "Disco de corte", ('4 1/2"', '7"'), "UN", 4, 15),
    ("ferragens", "Escada de alumínio", ("5 degraus", "7 degraus"), "UN", 250, 520),
    ("ferragens", "Carrinho de mão", ("60L", "90L"), "UN", 180, 380),
)

# Reasons and event texts (sales.py, acordos.py, agenda.py).
MOTIVOS_CANCELAMENTO: tuple[str, ...] = (
    "título emitido em duplicidade",
    "devolução de mercadoria",
    "erro na digitação do valor",
    "troca da forma de pagamento",
)
MOTIVOS_QUEBRA: tuple[str, ...] = (
    "parcela 1 do acordo não paga no prazo",
    "desistência do cliente",
)
OUTROS: tuple[str, ...] = (
    "Atualizar cadastro e comprovante de endereço",
    "Enviar segunda via do boleto",
    "Analisar pedido de aumento do limite de crédito",
    "Conferir documentos para abertura de crediário",
    "Retornar sobre orçamento solicitado",
)
VISITAS: tuple[str, ...] = ("instalação", "assistência na garantia")  # móveis: "montagem"


@dataclass(frozen=True)
class Pools:
    """Names drawn once from Faker; everything the generator combines per row."""

    female_first: tuple[str, ...]
    male_first: tuple[str, ...]
    last: tuple[str, ...]
    streets: tuple[str, ...]
    bairros: tuple[str, ...]
    staff: tuple[str, ...]
    family: str


_CONNECTORS = re.compile(r"(?<=.) (?:De|Do|Da|Dos|Das|E)(?= )")


def _distinct(draw: Callable[[], str], times: int) -> tuple[str, ...]:
    return tuple(sorted({str(draw()) for _ in range(times)}))


def build_pools(seed: int) -> Pools:
    """The pools for ``seed`` (the same seed and Faker version give the same pools)."""
    fake = Faker("pt_BR")
    fake.seed_instance(seed)
    female = _distinct(fake.first_name_female, 1500)
    male = _distinct(fake.first_name_male, 1500)
    last = _distinct(fake.last_name, 1500)
    # Faker capitalises every word of a bairro: "Vila Do Pombal" -> "Vila do Pombal"
    bairros = tuple(
        sorted({_CONNECTORS.sub(lambda m: m[0].lower(), b) for b in _distinct(fake.bairro, 3000)})
    )
    rng = fake.random
    streets = tuple(
        sorted(
            {
                f"{rng.choice(female + male)} {rng.choice(last)}"
                if rng.random() < 0.6
                else f"{rng.choice(('Dom', 'Padre', 'Doutor', 'Professor', 'Marechal'))} "
                f"{rng.choice(male)} {rng.choice(last)}"
                for _ in range(1500)
            }
        )
    )
    staff = tuple(f"{rng.choice(female + male)} {rng.choice(last)}" for _ in range(16))
    return Pools(
        female_first=female,
        male_first=male,
        last=last,
        streets=streets,
        bairros=bairros,
        staff=staff,
        family=rng.choice(("Silva", "Oliveira", "Souza", "Almeida", "Ferreira", "Carvalho")),
    )
