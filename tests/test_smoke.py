from tests import factories


def test_dashboard_renders_for_admin(admin):
    response = admin.get("/")
    assert response.status_code == 200
    assert "Tổng quan" in response.get_data(as_text=True)
