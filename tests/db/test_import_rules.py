"""Each validation rule of the import format refuses the folder with its own issue.

A refused import writes nothing, so the cases of this module share one empty
database of each kind (a fresh one per test would cost more than the test).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from app.db.engine import Database, open_database
from app.db.importer import ImportFailed, import_folder
from app.db.schema import Base

PG_HOST = os.environ.get("HISTORICO_TEST_PG", "postgresql://postgres@127.0.0.1:5432")

# A small valid folder; each case replaces one file.
BASE = {
    "empresas.csv": "codigo;razao_social;cnpj;uf;multa_percentual;juros_mensal_percentual\n"
    "E1;Comercial Paulista Ltda;29.141.777/0001-58;SP;2,00;1,00\n",
    "clientes.csv": "codigo;nome;cpf_cnpj;cep\nC1;João da Conceição;074.391.500-31;04101-000\n",
    "produtos.csv": "codigo;descricao\nP1;Geladeira\n",
    "vendas.csv": "codigo;empresa;cliente;data\nV1;E1;C1;10/01/2026\n",
    "itens_venda.csv": "venda;item;produto;quantidade;valor_unitario;desconto\n"
    "V1;1;P1;1;100,00;10,00\n",
    "acordos.csv": "numero;empresa;cliente;data\n1;E1;C1;01/06/2026\n",
    "titulos.csv": "empresa;cliente;numero_documento;parcela;emissao;vencimento;valor;"
    "forma_pagamento;renegociado_no_acordo\n"
    "E1;C1;NF-1;1;10/01/2026;10/02/2026;100,00;boleto;\n",
    "recebimentos.csv": "empresa;numero_documento;parcela;data;valor\nE1;NF-1;1;10/02/2026;40,00\n",
    "programacoes.csv": "empresa;cliente;data_programacao;tipo;descricao\n"
    "E1;C1;10/07/2026 14:30;entrega;Entregar geladeira\n",
}
TITULO_ROW = "E1;C1;NF-1;1;10/01/2026;10/02/2026;100,00;boleto;\n"
TITULOS_HEADER = BASE["titulos.csv"].replace(TITULO_ROW, "")
PROGRAMACOES_HEADER = "empresa;cliente;data_programacao;tipo;descricao\n"


def _titulos(*rows: str) -> str:
    return TITULOS_HEADER + "".join(f"{row}\n" for row in rows)


# (case id, file, its new content, the expected issue)
CASES = [
    (
        "missing required column",
        "empresas.csv",
        "codigo;razao_social\nE1;Comercial\n",
        "empresas.csv:1: cnpj: coluna obrigatória ausente",
    ),
    (
        "unknown column",
        "clientes.csv",
        "codigo;nome;cpf_cnpj;nomee\nC1;João;074.391.500-31;x\n",
        "clientes.csv:1: nomee: coluna desconhecida",
    ),
    (
        "missing required value",
        "clientes.csv",
        "codigo;nome;cpf_cnpj\nC1; ;074.391.500-31\n",
        "clientes.csv:2: nome: valor obrigatório vazio",
    ),
    (
        "malformed number",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;1.2.3;boleto;"),
        "titulos.csv:2: valor: número inválido: '1.2.3'",
    ),
    (
        "more than two decimals",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;100,001;boleto;"),
        "titulos.csv:2: valor: mais de 2 casas decimais: '100,001'",
    ),
    (
        "thousands or decimals",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;1.000;boleto;"),
        "titulos.csv:2: valor: valor ambíguo: '1.000' (use 1000, 1.000,00 ou 1000.00)",
    ),
    (
        "thousands or decimals, comma",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;R$ 2,500;boleto;"),
        "titulos.csv:2: valor: valor ambíguo: 'R$ 2,500' (use 1000, 1.000,00 ou 1000.00)",
    ),
    (
        "malformed date",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;31/02/2026;10/03/2026;100,00;boleto;"),
        "titulos.csv:2: emissao: data inválida: '31/02/2026'",
    ),
    (
        "malformed date-time",
        "programacoes.csv",
        "empresa;cliente;data_programacao;tipo;descricao\nE1;C1;10/07/2026 25:00;entrega;x\n",
        "programacoes.csv:2: data_programacao: hora inválida: '10/07/2026 25:00'",
    ),
    (
        "invalid CPF",
        "clientes.csv",
        "codigo;nome;cpf_cnpj\nC1;João;074.391.500-32\n",
        "clientes.csv:2: cpf_cnpj: CPF/CNPJ inválido",
    ),
    (
        "invalid CNPJ",
        "empresas.csv",
        "codigo;razao_social;cnpj\nE1;Comercial;29.141.777/0001-59\n",
        "empresas.csv:2: cnpj: CNPJ inválido",
    ),
    (
        "invalid CEP",
        "clientes.csv",
        "codigo;nome;cpf_cnpj;cep\nC1;João;07439150031;0410-1000\n",
        "clientes.csv:2: cep: CEP inválido: '0410-1000'",
    ),
    (
        "unknown empresa",
        "vendas.csv",
        "codigo;empresa;cliente;data\nV1;E9;C1;10/01/2026\n",
        "vendas.csv:2: empresa: código não encontrado: empresa 'E9'",
    ),
    (
        "unknown produto",
        "itens_venda.csv",
        "venda;item;produto;quantidade;valor_unitario\nV1;1;P9;1;10\n",
        "itens_venda.csv:2: produto: código não encontrado: produto 'P9'",
    ),
    (
        "unknown acordo",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;100,00;boleto;7"),
        "titulos.csv:2: renegociado_no_acordo: código não encontrado: acordo 7 da empresa 'E1'",
    ),
    (
        "unknown título",
        "recebimentos.csv",
        "empresa;numero_documento;parcela;data;valor\nE1;NF-1;2;10/02/2026;1\n",
        "recebimentos.csv:2: numero_documento: código não encontrado: título 'NF-1' parcela 2 "
        "da empresa 'E1'",
    ),
    (
        "negative money",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;-100,00;boleto;"),
        "titulos.csv:2: valor: valor negativo",
    ),
    (
        "negative quantity",
        "itens_venda.csv",
        "venda;item;produto;quantidade;valor_unitario\nV1;1;P1;-1;10\n",
        "itens_venda.csv:2: quantidade: valor negativo",
    ),
    (
        "zero quantity",
        "itens_venda.csv",
        "venda;item;produto;quantidade;valor_unitario\nV1;1;P1;0;10\n",
        "itens_venda.csv:2: quantidade: deve ser maior que zero",
    ),
    (
        "desconto above the item",
        "itens_venda.csv",
        "venda;item;produto;quantidade;valor_unitario;desconto\nV1;1;P1;2;10;20,01\n",
        "itens_venda.csv:2: desconto: desconto maior que o valor do item (R$ 20,00)",
    ),
    (
        "amount out of range",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;1.000.000.000.000,00;boleto;"),
        "titulos.csv:2: valor: valor fora do limite",
    ),
    (
        "over-receipt",
        "recebimentos.csv",
        "empresa;numero_documento;parcela;data;valor\n"
        "E1;NF-1;1;10/02/2026;100,00\nE1;NF-1;1;11/02/2026;50,00\n",
        "recebimentos.csv:3: valor: recebimentos somam R$ 150,00, acima do valor do título "
        "(R$ 100,00)",
    ),
    (
        "vencimento before emissão",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;2026-01-09;100,00;boleto;"),
        "titulos.csv:2: vencimento: vencimento anterior à emissão",
    ),
    (
        "duplicate code",
        "clientes.csv",
        "codigo;nome;cpf_cnpj\nC1;João;07439150031\nC1;Maria;08063608364\n",
        "clientes.csv:3: codigo: chave duplicada no arquivo (também na linha 2)",
    ),
    (
        "duplicate composite key",
        "titulos.csv",
        _titulos(TITULO_ROW.strip(), "E1;C1;NF-1;1;10/01/2026;10/03/2026;50,00;pix;"),
        "titulos.csv:3: empresa/numero_documento/parcela: chave duplicada no arquivo "
        "(também na linha 2)",
    ),
    (
        "duplicate programação",
        "programacoes.csv",
        BASE["programacoes.csv"] + "E1;C1;10/07/2026 14:30;Entrega;Entregar geladeira\n",
        "programacoes.csv:3: empresa/cliente/data_programacao/tipo/descricao: chave duplicada "
        "no arquivo (também na linha 2)",
    ),
    (
        "multa above the CDC cap",
        "empresas.csv",
        "codigo;razao_social;cnpj;multa_percentual\nE1;Comercial;29141777000158;2,01\n",
        "empresas.csv:2: multa_percentual: multa acima de 2,00% (limite do CDC)",
    ),
    (
        "negative multa",
        "empresas.csv",
        "codigo;razao_social;cnpj;multa_percentual\nE1;Comercial;29141777000158;-1\n",
        "empresas.csv:2: multa_percentual: valor negativo",
    ),
    (
        "juros above 10 %",
        "empresas.csv",
        "codigo;razao_social;cnpj;juros_mensal_percentual\nE1;Comercial;29141777000158;10.5\n",
        "empresas.csv:2: juros_mensal_percentual: juros acima de 10,00% ao mês",
    ),
    (
        "unknown forma de pagamento",
        "titulos.csv",
        _titulos("E1;C1;NF-1;1;10/01/2026;10/02/2026;100,00;boleta;"),
        "titulos.csv:2: forma_pagamento: valor inválido: 'boleta' (use boleto, carne, cartao, "
        "pix, cheque, dinheiro)",
    ),
    (
        "unknown situação",
        "vendas.csv",
        "codigo;empresa;cliente;data;situacao\nV1;E1;C1;10/01/2026;aberta\n",
        "vendas.csv:2: situacao: valor inválido: 'aberta' (use concluida, cancelada)",
    ),
    (
        "unknown tipo",
        "programacoes.csv",
        "empresa;cliente;data_programacao;tipo;descricao\nE1;C1;10/07/2026;reunião;x\n",
        "programacoes.csv:2: tipo: valor inválido: 'reunião' (use entrega, visita_tecnica, "
        "ligacao, cobranca, outro)",
    ),
    (
        "invalid UF",
        "empresas.csv",
        "codigo;razao_social;cnpj;uf\nE1;Comercial;29141777000158;XX\n",
        "empresas.csv:2: uf: UF inválida: 'XX'",
    ),
    (
        "parcela zero",
        "recebimentos.csv",
        "empresa;numero_documento;parcela;data;valor\nE1;NF-1;0;10/02/2026;1\n",
        "recebimentos.csv:2: parcela: deve ser 1 ou maior",
    ),
    (
        "parcela not an integer",
        "recebimentos.csv",
        "empresa;numero_documento;parcela;data;valor\nE1;NF-1;1,5;10/02/2026;1\n",
        "recebimentos.csv:2: parcela: número inteiro inválido: '1,5'",
    ),
    (
        "item zero",
        "itens_venda.csv",
        "venda;item;produto;quantidade;valor_unitario\nV1;0;P1;1;10\n",
        "itens_venda.csv:2: item: deve ser 1 ou maior",
    ),
    (
        "text too long",
        "produtos.csv",
        "codigo;descricao;unidade\nP1;Geladeira;UNIDADE\n",
        "produtos.csv:2: unidade: texto maior que 6 caracteres",
    ),
    (
        "more cells than the header",
        "programacoes.csv",
        PROGRAMACOES_HEADER + "E1;C1;10/07/2026;entrega;x;y\n",
        "programacoes.csv:2: -: linha com colunas a mais (6; o cabeçalho tem 5)",
    ),
    (
        "fewer cells than the header",
        "programacoes.csv",
        PROGRAMACOES_HEADER + "E1;C1;10/07/2026;entrega\n",
        "programacoes.csv:2: -: linha com colunas a menos (4; o cabeçalho tem 5)",
    ),
    (
        "control character",
        "programacoes.csv",
        PROGRAMACOES_HEADER + "E1;C1;10/07/2026;entrega;Entre\x07gar\n",
        "programacoes.csv:2: descricao: caractere de controle não permitido",
    ),
    (
        "line break in a one-line column",
        "produtos.csv",
        'codigo;descricao\nP1;"Gela\ndeira"\n',
        "produtos.csv:2: descricao: caractere de controle não permitido",
    ),
    (
        "malformed quotes",
        "programacoes.csv",
        PROGRAMACOES_HEADER + 'E1;C1;10/07/2026;entrega;"Entregar"x\n',
        "programacoes.csv:2: -: aspas ou campo malformado",
    ),
    (
        "undecodable bytes",
        "programacoes.csv",
        PROGRAMACOES_HEADER + "E1;C1;10/07/2026;entrega;Entregar \x81\n",
        "programacoes.csv:2: -: codificação não reconhecida (use UTF-8 ou Windows-1252)",
    ),
    (
        "empty file",
        "programacoes.csv",
        "",
        "programacoes.csv:1: -: arquivo vazio (falta a linha de cabeçalho)",
    ),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """One empty, migrated database of each kind for the whole module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('rules') / 'historico.db'}"
        database = open_database(url, create=True)
        yield database
        database.dispose()
        return
    template = request.getfixturevalue("pg_template")
    name = f"hc_rules_{uuid.uuid4().hex[:12]}"
    admin_url = f"{PG_HOST}/postgres".replace("postgresql://", "postgresql+psycopg://")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    database = open_database(f"{PG_HOST}/{name}")
    yield database
    database.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    for name, content in files.items():
        # latin-1 writes U+0081 as the byte 0x81: not UTF-8, and undefined in Windows-1252
        data = content.encode("utf-8") if "\x81" not in content else content.encode("latin-1")
        (path / name).write_bytes(data)
    return path


def _issues(db: Database, folder: Path) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_folder(db, folder)
    return [str(issue) for issue in failed.value.issues]


@pytest.mark.parametrize(
    ("file", "content", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_rule(shared_db: Database, tmp_path: Path, file: str, content: str, expected: str) -> None:
    issues = _issues(shared_db, _folder(tmp_path / "in", BASE | {file: content}))
    assert len(issues) == 1 and issues[0].startswith(expected), issues


def test_refused_folders_wrote_nothing(shared_db: Database, tmp_path: Path) -> None:
    """Runs after the rules on the same database; the base folder itself is valid."""
    with shared_db.session() as s:
        for table in Base.metadata.sorted_tables:
            assert s.scalar(select(func.count()).select_from(table)) == 0, table.name
    report = import_folder(shared_db, _folder(tmp_path / "base", BASE))
    assert report.inserted == 9


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"vendass.csv": "codigo\n"}, "vendass.csv:0: -: arquivo desconhecido (os arquivos"),
        ({"leia-me.txt": "x"}, "in:0: -: nenhum arquivo de importação na pasta"),
        (
            {"Titulos.csv": "x\n", "titulos.CSV": "x\n"},
            "titulos.CSV:0: -: arquivo repetido (também Titulos.csv)",
        ),
    ],
    ids=["unknown file", "no csv file", "same file twice"],
)
def test_folder_problem(
    shared_db: Database, tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    issues = _issues(shared_db, _folder(tmp_path / "in", files))
    assert len(issues) == 1 and expected in issues[0], issues


def test_missing_folder(shared_db: Database, tmp_path: Path) -> None:
    assert _issues(shared_db, tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}:0: -: pasta não encontrada"
    ]
    (tmp_path / "file.csv").write_text("x")
    assert _issues(shared_db, tmp_path / "file.csv") == [
        f"{tmp_path / 'file.csv'}:0: -: não é uma pasta"
    ]
