from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from simulator_control import TENANT_USER, Simulator

ALL_FIELDS = {
    "copysession_id", "copysession_href", "type", "status", "phase",
    "source_volume_number", "source_volume_href", "source_volume_name",
    "destination_volume_number", "destination_volume_href", "destination_volume_name",
    "error_code", "copy_range", "concurrent_suspend_result", "remain_time_to_finish_suspend",
    "elapsed_time", "backup_time", "error_ocurrence_time", "total_data_size", "uncopied_data_size",
    "tracking_data_size", "progress", "requestor", "remote_copysession_id", "transfer_mode",
    "split_mode", "recovery_mode", "remote_boxid", "is_local_source_volume",
}


def test_list_is_ascending_with_every_field(sim: Simulator) -> None:
    body = sim.client().get("/api/v1/copysession").json()
    ids = [s["copysession_id"] for s in body["copysession_list"]]
    assert ids == sorted(ids) == [*range(1, 14), 20]
    assert body["total_count"] == body["list_count"] == 14
    assert "next_href" not in body
    assert all(set(s) == ALL_FIELDS for s in body["copysession_list"])


def test_paging_follows_next_href_and_keeps_params(sim: Simulator) -> None:
    sim.admin("site-a", "PUT", "/settings", {"page_size": 2})
    client = sim.client()
    path = "/api/v1/copysession?fields=status&copysession_id=1,2,3,4,5"
    seen: list[int] = []
    pages = 0
    while path:
        body = client.get(path).json()
        pages += 1
        assert body["total_count"] == 5 and body["list_count"] == len(body["copysession_list"])
        seen += [s["copysession_id"] for s in body["copysession_list"]]
        assert all(set(s) == {"copysession_id", "status"} for s in body["copysession_list"])
        path = body.get("next_href")
        if path:
            query = parse_qs(urlsplit(path).query)
            assert path.startswith("/api/v1/copysession?last_get_id=")
            assert query["last_get_id"] == [str(seen[-1])]
            assert query["fields"] == ["status"] and query["copysession_id"] == ["1,2,3,4,5"]
    assert seen == [1, 2, 3, 4, 5] and pages == 3


def test_fields_and_id_filters(sim: Simulator) -> None:
    client = sim.client()
    body = client.get("/api/v1/copysession", params={"copysession_id": "3,20", "fields": "type,phase"}).json()
    assert body["copysession_list"] == [
        {"copysession_id": 3, "type": "REC", "phase": "Equivalent"},
        {"copysession_id": 20, "type": "QuickOPC", "phase": "Tracking"},
    ]
    assert client.get("/api/v1/copysession", params={"fields": "nonsense"}).status_code == 400
    assert client.get("/api/v1/copysession", params={"copysession_id": "x"}).status_code == 400


def test_get_one_and_unknown(sim: Simulator) -> None:
    client = sim.client()
    one = client.session(7)
    assert (one["status"], one["phase"], one["uncopied_data_size"], one["progress"]) == ("Active", "Copying", 4096, 60)
    reply = client.get("/api/v1/copysession/999")
    assert reply.status_code == 404 and reply.json()["error_code"].isdigit()


def test_rec_pair_is_mirrored_on_the_peer(sim: Simulator) -> None:
    source_side = sim.client("site-a").session(1)
    peer_side = sim.client("site-b").session(101)
    assert source_side["remote_copysession_id"] == 101 and peer_side["remote_copysession_id"] == 1
    assert source_side["is_local_source_volume"] is True and peer_side["is_local_source_volume"] is False
    assert source_side["remote_boxid"] == sim.info["arrays"]["site-b"]["boxid"]
    assert peer_side["remote_boxid"] == sim.info["arrays"]["site-a"]["boxid"]
    assert len(peer_side["remote_boxid"]) == 40
    for key in ("status", "phase", "source_volume_name", "destination_volume_name", "transfer_mode"):
        assert source_side[key] == peer_side[key]


def test_non_rec_session_has_null_rec_fields(sim: Simulator) -> None:
    opc = sim.client().session(20)
    assert opc["type"] == "QuickOPC"
    for key in ("remote_copysession_id", "transfer_mode", "remote_boxid", "is_local_source_volume"):
        assert opc[key] is None


def test_tenant_sees_only_its_sessions(sim: Simulator) -> None:
    tenant = sim.client(user=TENANT_USER)
    body = tenant.get("/api/v1/copysession").json()
    assert [s["copysession_id"] for s in body["copysession_list"]] == [13]
    assert tenant.get("/api/v1/copysession/1").status_code == 404
    assert tenant.session(13)["source_volume_name"] == "t1_data01"
