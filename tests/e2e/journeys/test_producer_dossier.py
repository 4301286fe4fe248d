"""A producer's own dossier work (issue 18), in the browser, on the seeded demo.

The demo has no producer login in this branch: the journey binds one through the ORM to the producer
of a product whose dossier is a draft in this year's call, in Xã Đại Lộc (demo_district2's commune since
the 2025 reform, which no other journey changes). The producer sends a new product idea (form 01), opens their dossier,
uploads a PDF for each missing required document (and is refused a file that is not what it claims,
in Vietnamese), tells the officer the dossier is complete — and cannot submit it. The district
officer then finds the idea on the product list and the producer's message and files on the dossier.
"""

from __future__ import annotations

import json
import os

from tests.e2e.journeys.conftest import JOURNEY_MARKS, PASSWORD

pytestmark = JOURNEY_MARKS

USERNAME = "journey_producer"
IDEA = "Bánh tráng mè đen Đại Lộc (ý tưởng thử)"

SETUP = """
import json
from django.utils import timezone
from accounts.models import Role, User
from dossiers import checks
from dossiers.demo import COMMUNE_DAY_PRODUCT, DISTRICT_DAY_PRODUCT
from dossiers.models import Dossier
from producers.models import ProducerAccount
today = timezone.localdate()
officer = User.objects.get(username="demo_district2")
dossier = (
    Dossier.objects.filter(year=today.year, status="draft", product__commune__path__startswith=officer.unit.path)
    .exclude(product__name__in=[DISTRICT_DAY_PRODUCT, COMMUNE_DAY_PRODUCT])
    .select_related("product__producer").order_by("pk").first()
)
user, created = User.objects.get_or_create(username=%(username)r, defaults={"role": Role.PRODUCER})
user.set_password(%(password)r)
user.save()
ProducerAccount.objects.update_or_create(user=user, defaults={"producer": dossier.product.producer})
other = Dossier.objects.exclude(product__producer=dossier.product.producer).order_by("pk").first()
print(json.dumps({
    "dossier": dossier.pk, "product": dossier.product.name, "producer": dossier.product.producer.name,
    "missing": [[k.pk, k.name] for k in checks.missing_required(dossier) if k.is_uploaded],
    "documents": dossier.documents.count(), "other": other.pk,
}))
"""

STATE = """
import json
from dossiers.models import Dossier
from products.models import Product
d = Dossier.objects.get(pk=%(dossier)d)
idea = Product.objects.filter(name=%(idea)r).first()
print(json.dumps({
    "status": d.status, "documents": d.documents.count(),
    "by_producer": d.documents.filter(uploaded_by__username=%(username)r).count(),
    "messages": [m.kind for m in d.producer_messages.all()],
    "idea": idea and [idea.state, idea.producer.name, idea.idea_registration.market],
}))
"""


def shell_json(demo_site, code: str):
    return json.loads(demo_site.shell(code).splitlines()[-1])


def snap(page, name: str) -> None:
    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/producer-{name}.png", full_page=True)


def main_text(page) -> str:
    return page.locator("main").inner_text()


def pdf(title: str) -> bytes:
    from dossiers.demo import tiny_pdf

    return tiny_pdf(title)


def test_producer_sends_an_idea_and_completes_their_dossier(login, demo_site):
    facts = shell_json(demo_site, SETUP % {"username": USERNAME, "password": PASSWORD})
    state = lambda: shell_json(  # noqa: E731
        demo_site, STATE % {"dossier": facts["dossier"], "idea": IDEA, "username": USERNAME}
    )
    assert state()["status"] == "draft"

    # 1. Their products and dossiers; a new idea (form 01) goes to the officer's screening (step 2).
    page = login(USERNAME)
    page.goto(f"{demo_site.url}/producer/work/")
    snap(page, "work")
    text = main_text(page)
    assert "Sản phẩm và hồ sơ của tôi" in text and facts["product"] in text
    page.get_by_role("link", name="Đăng ký ý tưởng sản phẩm").click()
    page.wait_for_load_state()
    page.get_by_label("Sản phẩm mới (mẫu 01)").check()
    page.get_by_label("Tên sản phẩm").fill(IDEA)
    page.get_by_label("Nhóm sản phẩm").select_option(index=1)
    page.get_by_label("Ý tưởng / mô tả sản phẩm").fill("Bánh tráng nướng mè đen, bột gạo địa phương.")
    page.get_by_label("Thị trường dự kiến").fill("Chợ Ái Nghĩa, du khách Hội An")
    snap(page, "idea-form")
    page.get_by_role("button", name="Gửi ý tưởng").click()
    page.wait_for_load_state()
    if "/producer/ideas/new/" in page.url:  # similar products exist: say why ours differs, send again
        assert "Đã có sản phẩm tương tự" in main_text(page)
        page.get_by_label("Sản phẩm của bạn khác gì các sản phẩm tương tự đã đăng ký").fill("Dùng mè đen.")
        page.get_by_role("button", name="Gửi ý tưởng").click()
        page.wait_for_load_state()
    assert page.url.endswith("/producer/work/")
    assert f"Ý tưởng “{IDEA}” đã được gửi" in main_text(page)
    assert state()["idea"] == ["idea_registered", facts["producer"], "Chợ Ái Nghĩa, du khách Hội An"]

    # 2. The dossier: no submit button; a fake PDF is refused in Vietnamese, nothing stored.
    page.locator("#producer-products tr", has_text=facts["product"]).get_by_role("link", name="Hồ sơ").click()
    page.wait_for_load_state()
    assert f"/producer/dossiers/{facts['dossier']}/" in page.url
    assert page.get_by_role("button", name="Nộp hồ sơ").count() == 0
    first_kind = facts["missing"][0][0] if facts["missing"] else None
    target = first_kind or page.locator("input[name=kind]").first.get_attribute("value")
    page.locator(f"#files-{target}").set_input_files(
        {"name": "gia-mao.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf"}
    )
    page.locator(f"#kind-{target}").get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()
    assert "“gia-mao.pdf” có vẻ là" in main_text(page) and "chỉ nhận tệp" in main_text(page)
    assert state()["documents"] == facts["documents"]

    # 3. A PDF for every missing required document (at least one upload).
    kinds = [pk for pk, _name in facts["missing"]] or [int(target)]
    for n, kind in enumerate(kinds):
        page.locator(f"#files-{kind}").set_input_files(
            {"name": f"tai-lieu-{n}.pdf", "mimeType": "application/pdf", "buffer": pdf(f"Tai lieu {n}")}
        )
        page.locator(f"#kind-{kind}").get_by_role("button", name="Tải lên").click()
        page.wait_for_load_state()
        assert "Đã thêm 1 tệp vào" in main_text(page)
    snap(page, "dossier-uploaded")
    after = state()
    assert after["by_producer"] == len(kinds) and after["documents"] == facts["documents"] + len(kinds)

    # 4. "Báo cán bộ xã/huyện: hồ sơ đã đủ" — the dossier stays a draft, with the officer.
    page.get_by_label("Ghi chú cho cán bộ").fill("Đã bổ sung đủ giấy tờ, mời cán bộ kiểm tra thực tế.")
    page.get_by_role("button", name="Báo cán bộ xã/huyện: hồ sơ đã đủ").click()
    page.wait_for_load_state()
    assert "Đã báo cán bộ hồ sơ đã đủ" in main_text(page)
    snap(page, "dossier-ready")
    reported = state()
    assert reported["status"] == "draft" and reported["messages"] == ["ready"]
    # Reporting again with nothing changed is refused.
    page.get_by_role("button", name="Báo cán bộ xã/huyện: hồ sơ đã đủ").click()
    page.wait_for_load_state()
    assert "Bạn đã báo hồ sơ đủ lúc" in main_text(page)
    assert state()["messages"] == ["ready"]
    # Another producer's dossier is out of reach.
    response = page.goto(f"{demo_site.url}/producer/dossiers/{facts['other']}/")
    assert response.status == 404

    # 5. The district officer sees the idea on their list and the message and files on the dossier.
    officer = login("demo_district2")
    officer.goto(f"{demo_site.url}/products/?state=idea_registered")
    assert IDEA in main_text(officer)
    officer.goto(f"{demo_site.url}/dossiers/{facts['dossier']}/")
    snap(officer, "officer-dossier")
    box = officer.locator("#producer-messages")
    assert "Báo hồ sơ đã đủ" in box.inner_text()
    assert "mời cán bộ kiểm tra thực tế" in box.inner_text()
    assert "tai-lieu-0.pdf" in main_text(officer)
