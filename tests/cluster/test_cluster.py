"""The crawl on several workers: PostgreSQL queue, shared archive, one worker killed mid-batch."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from crawler.portal import PortalRef
from nianbao.cluster.batches import make_batches, registrable_domain
from nianbao.cluster.crawls import ENQUEUE_LOCK
from nianbao.demo.server import PortalServers
from registry.regions import load_registry
from tests.conftest import Workspace, make_workspace
from tests.portals import Portal
from tests.portals.mixed import build
from tests.s3server import S3Server

N_PORTALS = 30
ADDRESSES = [f"127.0.0.{40 + i}" for i in range(N_PORTALS)]
#: the platforms, repeated: mostly plain lists, and two that need each batch's own browser
MIX = ["trs", "hanweb", "xxgk", "gbk", "trs", "hanweb", "xxgk", "challenge", "trs", "jsbuilt"]
YEARS = range(2021, 2023)


def test_batches_never_split_a_registrable_domain() -> None:
    urls = [f"http://{h}.site{i % 7}.gov.cn/" for i, h in enumerate(["www", "xxgk", "zwgk"] * 14)]
    portals = [PortalRef(str(100000 + i), "x", "county", None, u) for i, u in enumerate(urls)]
    batches = make_batches(portals, batch_size=5)
    where: dict[str, int] = {}
    for group, members in batches:
        for p in members:
            assert where.setdefault(registrable_domain(p.url), group) == group
    assert len(batches) > 1 and sum(len(m) for _, m in batches) == len(portals)
    assert make_batches(portals, 5) == batches  # stable
    # a portal a domain: batches of the size asked, not a hash's balls in bins (16 portals
    # dealt by a hash modulo 8 made 7 batches of 1 to 4, and 4 workers two uneven rounds)
    single = [
        PortalRef(str(200000 + i), "x", "county", None, f"http://www.c{i}.gov.cn/")
        for i in range(16)
    ]
    assert [len(m) for _, m in make_batches(single, 2)] == [2] * 8
    assert sorted(len(m) for _, m in make_batches(single[:15], 4)) == [3, 4, 4, 4]


@pytest.fixture
def portals() -> Iterator[tuple[PortalServers, dict[str, tuple[str, Portal]]]]:
    """30 portals of mixed platforms on distinct counties: address → (parent code, portal)."""
    counties = [r for r in load_registry() if r.level == "county" and r.current][:N_PORTALS]
    built = {
        a: (r.parent_code or "", build(MIX[i % len(MIX)], r.code, r.name, YEARS))
        for i, (a, r) in enumerate(zip(ADDRESSES, counties, strict=True))
    }
    with PortalServers({a: p.site for a, (_, p) in built.items()}, port=0) as servers:
        yield servers, built


def seeds(ws: Workspace, servers: PortalServers, built: dict[str, tuple[str, Portal]]) -> str:
    rows = [
        (p.code, p.name, "county", parent, servers.url(a, p.start))
        for a, (parent, p) in built.items()
    ]
    return str(ws.seeds(rows))


def waiting_for_the_lock(engine: Engine, count: int, timeout: float = 60) -> bool:
    """True once ``count`` sessions wait for the enqueue lock (False after ``timeout`` s)."""
    deadline = time.monotonic() + timeout
    # a bigint advisory key shows in pg_locks as its high and low halves
    key = {"hi": ENQUEUE_LOCK >> 32, "lo": ENQUEUE_LOCK & 0xFFFFFFFF}
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            waiting = conn.execute(
                text(
                    "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                    " and classid::bigint = :hi and objid::bigint = :lo and objsubid = 1"
                ),
                key,
            ).scalar()
        if waiting == count:
            return True
        time.sleep(0.1)
    return False


def batch_states(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("select status, count(*) from crawls where parent_id is not null group by status")
        ).all()
    engine.dispose()
    return dict(rows)  # type: ignore[arg-type]


@pytest.mark.postgres
@pytest.mark.slow
def test_three_workers_one_killed_mid_batch(
    tmp_path: Path,
    portals: tuple[PortalServers, dict[str, tuple[str, Portal]]],
    pg_url: str,
    s3_server: S3Server,
) -> None:
    servers, built = portals
    truth = {p.code: p for _, p in built.values()}
    ws = make_workspace(tmp_path, s3_server)  # the archive every worker reaches: a bucket
    ws.env["NIANBAO_DB"] = pg_url
    ws.env["NIANBAO_STALLED_AFTER"] = "6"
    # the real politeness settings, as a cluster runs them: the servers' count of requests
    # at once is checked below
    ws.env.pop("NIANBAO_SCRAPY_SETTINGS")
    assert ws.run("db", "upgrade").returncode == 0
    # two enqueues at once (a scheduler's and a person's): one crawl, named by both.  The
    # test holds the enqueue lock until both wait for it, then lets them go together
    seeds_file = seeds(ws, servers, built)
    engine = create_engine(pg_url)
    with engine.connect() as holder:
        holder.execute(text("select pg_advisory_lock(:k)"), {"k": ENQUEUE_LOCK})
        both = [
            ws.popen("enqueue", "--seeds", seeds_file, "--batch-size", "3", "--format", "json")
            for _ in range(2)
        ]
        assert waiting_for_the_lock(engine, 2), [p.poll() for p in both]
        holder.execute(text("select pg_advisory_unlock(:k)"), {"k": ENQUEUE_LOCK})
        holder.commit()
    answers = []
    for proc in both:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        answers.append(json.loads(out))
    [queued] = [a for a in answers if not a.get("queued_before")]
    crawl_id, n_batches = queued["crawl"], queued["batches"]
    assert n_batches >= 4
    assert all(a["crawl"] == crawl_id and a["batches"] == n_batches for a in answers)
    some = ws.run("enqueue", "--seeds", seeds_file, "--only", next(iter(truth)))
    assert some.returncode != 0 and "still queued or running" in some.stderr, some.stderr
    workers = [ws.popen("worker", "--until-empty") for _ in range(3)]
    # kill the first worker once a batch is running and has archived something
    deadline = time.monotonic() + 120
    victim = None
    while victim is None and time.monotonic() < deadline:
        with engine.connect() as conn:
            victim = conn.execute(
                text(
                    "select c.id from crawls c where c.parent_id = :p and c.status = 'running'"
                    " and exists (select 1 from captures k where k.crawl_id = c.id) limit 1"
                ),
                {"p": crawl_id},
            ).scalar()
        time.sleep(0.2)
    assert victim is not None
    # the crawl's progress as an operator watches it: a batch running, responses archived
    status = ws.run("cluster", "status", "--format", "json").json()
    [mine] = [c for c in status["crawls"] if c["crawl"] == crawl_id]
    assert mine["batches"]["running"] >= 1 and mine["responses"] >= 1
    assert mine["portals"]["done"] < mine["portals"]["total"] == N_PORTALS
    assert any(w["batch"] is not None for w in status["workers"])
    workers[0].send_signal(signal.SIGKILL)
    for w in workers[1:]:
        _, err = w.communicate(timeout=600)
        assert w.returncode == 0, err
    workers[0].wait()
    assert batch_states(pg_url) == {"finished": n_batches}
    status = ws.run("cluster", "status", "--format", "json").json()
    [mine] = [c for c in status["crawls"] if c["crawl"] == crawl_id]
    assert mine["batches"] == {"queued": 0, "running": 0, "done": n_batches, "failed": 0}
    assert mine["portals"] == {"done": N_PORTALS, "total": N_PORTALS}
    with engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql), {"p": crawl_id}).all()  # noqa: E731
        # every report of every portal was found, none twice
        reports = q("select count(*) from reports")[0][0]
        assert reports == sum(len(p.reports) for p in truth.values())
        assert not q(
            "select report_id, sha256 from report_versions group by 1, 2 having count(*) > 1"
        )
        # one alert per report (a new one) or per organ's missing year (overdue), not two
        assert not q(
            "select kind, report_id, region_code, organ_id, year from alerts"
            " group by 1, 2, 3, 4, 5 having count(*) > 1"
        )
        # nothing stored twice: within a batch no URL's answer was archived twice (the
        # resumed batch answered what the dead worker had stored from the archive)
        assert not q(
            "select k.crawl_id, k.url, k.sha256 from captures k join crawls c on c.id = k.crawl_id"
            " where c.parent_id = :p and k.method = 'GET' and k.status < 300"
            " group by 1, 2, 3 having count(*) > 1"
        )
        summary = q("select summary from crawls where id = :p")[0][0]
        archived = q(
            "select count(*) from captures k join crawls c on c.id = k.crawl_id"
            " where c.parent_id = :p"
        )
        assert archived == [(mine["responses"],)]
        # the killed worker's batch was taken up again by another worker
        retried = conn.execute(
            text("select attempts from procrastinate_jobs where (args->>'batch_id')::int = :b"),
            {"b": victim},
        ).scalar()
        assert retried is not None and retried >= 1
        # the second enqueue added nothing: one crawl, one job per batch
        jobs = conn.execute(text("select count(*) from procrastinate_jobs")).scalar()
        assert jobs == n_batches
        assert q("select count(*) from crawls where parent_id is null") == [(1,)]
    engine.dispose()
    assert summary["batches"] == n_batches and len(summary["sites"]) == N_PORTALS
    found = {code: (s["reports"], s["attachments"]) for code, s in summary["sites"].items()}
    assert found == {c: (len(p.reports), len(p.attachments)) for c, p in truth.items()}
    assert all(s.max_active <= 2 for s in servers.servers.values())
    run = ws.run("verify", "--format", "json")
    assert run.returncode == 0 and run.json()["problems"] == [], run.stdout
