"""crawl owner and parent: the process that runs a crawl row, the cluster crawl of a batch

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('crawls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_crawls_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_crawls_parent_id_crawls'), 'crawls', ['parent_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('crawls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_crawls_parent_id_crawls'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_crawls_parent_id'))
        batch_op.drop_column('parent_id')
        batch_op.drop_column('owner')
