"""List entries: what a portal's list said about each link, for the nightly re-check schedule.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'list_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('portal_id', sa.Integer(), nullable=True),
        sa.Column('entry', sa.String(length=64), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['portal_id'], ['portals.id'], name=op.f('fk_list_entries_portal_id_portals')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_list_entries')),
        sa.UniqueConstraint('url', name=op.f('uq_list_entries_url')),
    )
    with op.batch_alter_table('list_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_entries_portal_id'), ['portal_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('list_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_list_entries_portal_id'))
    op.drop_table('list_entries')
