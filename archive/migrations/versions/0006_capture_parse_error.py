"""capture parse error: why a capture's document could not be parsed, by which parser

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parse_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('parse_error_version', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.drop_column('parse_error_version')
        batch_op.drop_column('parse_error')
