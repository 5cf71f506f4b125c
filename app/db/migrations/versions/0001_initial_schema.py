"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa

import app.db.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('em', sa.DateTime(), nullable=False),
    sa.Column('usuario', sa.String(length=100), nullable=False),
    sa.Column('acao', sa.String(length=40), nullable=False),
    sa.Column('entidade', sa.String(length=30), nullable=False),
    sa.Column('entidade_id', sa.Integer(), nullable=True),
    sa.Column('detalhes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_acao'), ['acao'], unique=False)

    op.create_table('cliente',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('codigo', sa.String(length=20), nullable=False),
    sa.Column('nome', sa.String(length=150), nullable=False),
    sa.Column('nome_busca', sa.String(length=150), nullable=False),
    sa.Column('cpf_cnpj', sa.String(length=14), nullable=False),
    sa.Column('rg', sa.String(length=20), nullable=True),
    sa.Column('data_nascimento', sa.Date(), nullable=True),
    sa.Column('estado_civil', sa.String(length=30), nullable=True),
    sa.Column('email', sa.String(length=150), nullable=True),
    sa.Column('telefone', sa.String(length=30), nullable=True),
    sa.Column('endereco', sa.String(length=200), nullable=True),
    sa.Column('bairro', sa.String(length=100), nullable=True),
    sa.Column('cidade', sa.String(length=100), nullable=True),
    sa.Column('uf', sa.String(length=2), nullable=True),
    sa.Column('cep', sa.String(length=8), nullable=True),
    sa.Column('limite_credito', app.db.types.Money(), nullable=True),
    sa.Column('cliente_desde', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('codigo')
    )
    with op.batch_alter_table('cliente', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cliente_cpf_cnpj'), ['cpf_cnpj'], unique=False)

    op.create_table('empresa',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('codigo', sa.String(length=20), nullable=False),
    sa.Column('razao_social', sa.String(length=150), nullable=False),
    sa.Column('nome_fantasia', sa.String(length=150), nullable=True),
    sa.Column('cnpj', sa.String(length=14), nullable=False),
    sa.Column('endereco', sa.String(length=200), nullable=True),
    sa.Column('cidade', sa.String(length=100), nullable=True),
    sa.Column('uf', sa.String(length=2), nullable=True),
    sa.Column('telefone', sa.String(length=30), nullable=True),
    sa.Column('multa_percentual', app.db.types.Rate(), nullable=False),
    sa.Column('juros_mensal_percentual', app.db.types.Rate(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('codigo')
    )
    op.create_table('produto',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('codigo', sa.String(length=30), nullable=False),
    sa.Column('descricao', sa.String(length=200), nullable=False),
    sa.Column('unidade', sa.String(length=6), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('codigo')
    )
    op.create_table('acordo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('empresa_id', sa.Integer(), nullable=False),
    sa.Column('numero', sa.Integer(), nullable=False),
    sa.Column('cliente_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Date(), nullable=False),
    sa.Column('valor_original', app.db.types.Money(), nullable=False),
    sa.Column('multa', app.db.types.Money(), nullable=False),
    sa.Column('juros', app.db.types.Money(), nullable=False),
    sa.Column('desconto', app.db.types.Money(), nullable=False),
    sa.Column('valor_negociado', app.db.types.Money(), nullable=False),
    sa.Column('entrada', app.db.types.Money(), nullable=False),
    sa.Column('entrada_data', sa.Date(), nullable=True),
    sa.Column('parcelas', sa.Integer(), nullable=False),
    sa.Column('taxa_mensal', app.db.types.Rate(), nullable=False),
    sa.Column('operador', sa.String(length=100), nullable=True),
    sa.Column('observacao', sa.Text(), nullable=True),
    sa.Column('situacao', sa.String(length=10), nullable=False),
    sa.Column('cancelado_em', sa.Date(), nullable=True),
    sa.Column('motivo_cancelamento', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['cliente_id'], ['cliente.id'], ),
    sa.ForeignKeyConstraint(['empresa_id'], ['empresa.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('empresa_id', 'numero', name='uq_acordo_empresa_numero')
    )
    with op.batch_alter_table('acordo', schema=None) as batch_op:
        batch_op.create_index('ix_acordo_cliente_data', ['cliente_id', 'data'], unique=False)

    op.create_table('programacao',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('empresa_id', sa.Integer(), nullable=False),
    sa.Column('cliente_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Date(), nullable=False),
    sa.Column('hora', sa.Time(), nullable=True),
    sa.Column('tipo', sa.String(length=20), nullable=False),
    sa.Column('descricao', sa.Text(), nullable=False),
    sa.Column('responsavel', sa.String(length=100), nullable=True),
    sa.Column('situacao', sa.String(length=10), nullable=False),
    sa.Column('versao', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cliente_id'], ['cliente.id'], ),
    sa.ForeignKeyConstraint(['empresa_id'], ['empresa.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('programacao', schema=None) as batch_op:
        batch_op.create_index('ix_programacao_cliente_data', ['cliente_id', 'data'], unique=False)

    op.create_table('venda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('codigo', sa.String(length=30), nullable=False),
    sa.Column('empresa_id', sa.Integer(), nullable=False),
    sa.Column('cliente_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Date(), nullable=False),
    sa.Column('vendedor', sa.String(length=100), nullable=True),
    sa.Column('situacao', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['cliente_id'], ['cliente.id'], ),
    sa.ForeignKeyConstraint(['empresa_id'], ['empresa.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('codigo')
    )
    with op.batch_alter_table('venda', schema=None) as batch_op:
        batch_op.create_index('ix_venda_cliente_data', ['cliente_id', 'data'], unique=False)

    op.create_table('titulo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('empresa_id', sa.Integer(), nullable=False),
    sa.Column('cliente_id', sa.Integer(), nullable=False),
    sa.Column('venda_id', sa.Integer(), nullable=True),
    sa.Column('numero_documento', sa.String(length=30), nullable=False),
    sa.Column('parcela', sa.Integer(), nullable=False),
    sa.Column('emissao', sa.Date(), nullable=False),
    sa.Column('vencimento', sa.Date(), nullable=False),
    sa.Column('valor', app.db.types.Money(), nullable=False),
    sa.Column('forma_pagamento', sa.String(length=20), nullable=True),
    sa.Column('cancelado_em', sa.Date(), nullable=True),
    sa.Column('motivo_cancelamento', sa.Text(), nullable=True),
    sa.Column('negativado_em', sa.Date(), nullable=True),
    sa.Column('cobranca_em', sa.Date(), nullable=True),
    sa.Column('acordo_origem_id', sa.Integer(), nullable=True),
    sa.Column('renegociado_acordo_id', sa.Integer(), nullable=True),
    sa.Column('versao', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['acordo_origem_id'], ['acordo.id'], ),
    sa.ForeignKeyConstraint(['cliente_id'], ['cliente.id'], ),
    sa.ForeignKeyConstraint(['empresa_id'], ['empresa.id'], ),
    sa.ForeignKeyConstraint(['renegociado_acordo_id'], ['acordo.id'], ),
    sa.ForeignKeyConstraint(['venda_id'], ['venda.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('empresa_id', 'numero_documento', 'parcela', name='uq_titulo_empresa_doc_parcela')
    )
    with op.batch_alter_table('titulo', schema=None) as batch_op:
        batch_op.create_index('ix_titulo_acordo_origem', ['acordo_origem_id'], unique=False)
        batch_op.create_index('ix_titulo_cliente_vencimento', ['cliente_id', 'vencimento'], unique=False)
        batch_op.create_index('ix_titulo_renegociado', ['renegociado_acordo_id'], unique=False)

    op.create_table('venda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('venda_id', sa.Integer(), nullable=False),
    sa.Column('cliente_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Date(), nullable=False),
    sa.Column('item', sa.Integer(), nullable=False),
    sa.Column('produto_id', sa.Integer(), nullable=False),
    sa.Column('quantidade', app.db.types.Quantity(), nullable=False),
    sa.Column('valor_unitario', app.db.types.Money(), nullable=False),
    sa.Column('desconto', app.db.types.Money(), nullable=False),
    sa.Column('valor_total', app.db.types.Money(), nullable=False),
    sa.ForeignKeyConstraint(['cliente_id'], ['cliente.id'], ),
    sa.ForeignKeyConstraint(['produto_id'], ['produto.id'], ),
    sa.ForeignKeyConstraint(['venda_id'], ['venda.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('venda_id', 'item', name='uq_venda_item')
    )
    with op.batch_alter_table('venda_item', schema=None) as batch_op:
        batch_op.create_index('ix_venda_item_cliente_data', ['cliente_id', 'data'], unique=False)

    op.create_table('recebimento',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('titulo_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Date(), nullable=False),
    sa.Column('valor', app.db.types.Money(), nullable=False),
    sa.Column('forma_pagamento', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['titulo_id'], ['titulo.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recebimento', schema=None) as batch_op:
        batch_op.create_index('ix_recebimento_titulo_data', ['titulo_id', 'data'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('recebimento', schema=None) as batch_op:
        batch_op.drop_index('ix_recebimento_titulo_data')

    op.drop_table('recebimento')
    with op.batch_alter_table('venda_item', schema=None) as batch_op:
        batch_op.drop_index('ix_venda_item_cliente_data')

    op.drop_table('venda_item')
    with op.batch_alter_table('titulo', schema=None) as batch_op:
        batch_op.drop_index('ix_titulo_renegociado')
        batch_op.drop_index('ix_titulo_cliente_vencimento')
        batch_op.drop_index('ix_titulo_acordo_origem')

    op.drop_table('titulo')
    with op.batch_alter_table('venda', schema=None) as batch_op:
        batch_op.drop_index('ix_venda_cliente_data')

    op.drop_table('venda')
    with op.batch_alter_table('programacao', schema=None) as batch_op:
        batch_op.drop_index('ix_programacao_cliente_data')

    op.drop_table('programacao')
    with op.batch_alter_table('acordo', schema=None) as batch_op:
        batch_op.drop_index('ix_acordo_cliente_data')

    op.drop_table('acordo')
    op.drop_table('produto')
    op.drop_table('empresa')
    with op.batch_alter_table('cliente', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cliente_cpf_cnpj'))

    op.drop_table('cliente')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_acao'))

    op.drop_table('audit_log')

