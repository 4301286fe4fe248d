"""The library of standard duties, from “Tổ chức thực hiện” of Quảng Nam's 2023 plan (seed 002,
section V) and the 2023 instruction letter (seed 003, items 1–12).

``{year}`` / ``{next_year}`` in a title or text are replaced by the plan's year when a task is
created from the template. Department codes are those of accounts/fixtures/departments_quang_nam.json.
"""

from __future__ import annotations

COUNCIL = "Cử cán bộ tham gia Hội đồng đánh giá, tổ tư vấn cấp huyện, cấp tỉnh theo quy định."
KH = "KH OCOP 2023 (mục V)"
CV = "CV triển khai OCOP 2023"

# (unit key, lead department code or None, lead group, heading, cooperating codes)
UNITS = {
    "nn": ("so-nnptnt", "", "", ()),
    "ct": ("so-cong-thuong", "", "", ()),
    "khcn": ("so-khcn", "", "", ()),
    "yt": ("so-y-te", "", "", ()),
    "vh": ("so-vhttdl", "", "", ()),
    "tnmt": ("so-tnmt", "", "", ()),
    "tc": ("so-tai-chinh", "", "Các Sở: Tài chính, Kế hoạch và Đầu tư", ("so-khdt",)),
    "tttt": ("so-tttt", "", "", ()),
    "ntm": ("vp-dieu-phoi-ntm", "", "", ()),
    "ptth": ("dai-ptth", "", "Đài Phát thanh - Truyền hình, Báo Quảng Nam", ("bao-quang-nam",)),
    "huyen": (None, "districts", "", ()),
    "kiem-tra": (
        "so-nnptnt",
        "",
        "Các Sở: Nông nghiệp và PTNT, Công Thương, Y tế, Khoa học và Công nghệ, Tài nguyên và Môi trường "
        "(kiểm tra, giám sát, thu hồi sản phẩm đã được công nhận)",
        ("so-cong-thuong", "so-y-te", "so-khcn", "so-tnmt"),
    ),
}

# (code, unit key, title, text, extra cooperating, recurrence, due (month, day) or None, source)
DUTIES = [
    # 1. Sở Nông nghiệp và PTNT
    (
        "nn-trien-khai",
        "nn",
        "Triển khai toàn diện Chương trình OCOP năm {year}",
        "Chủ trì, phối hợp với các địa phương, đơn vị liên quan triển khai toàn diện các nội dung Chương trình "
        "OCOP năm {year}; tham mưu UBND tỉnh trong công tác chỉ đạo, điều hành, kiểm tra, giám sát, sơ kết, "
        "tổng kết, đánh giá kết quả thực hiện Chương trình; hướng dẫn các địa phương, đơn vị triển khai thực "
        "hiện các nội dung theo Kế hoạch được duyệt.",
        (),
        "none",
        (12, 31),
        KH,
    ),
    (
        "nn-danh-sach",
        "nn",
        "Lập danh sách chủ thể, sản phẩm; tham mưu ban hành kế hoạch năm {year}",
        "Khẩn trương rà soát, lựa chọn, lập danh sách các chủ thể, sản phẩm được các địa phương đăng ký, tham "
        "mưu UBND tỉnh ban hành kế hoạch thực hiện Chương trình OCOP năm {year}. Triển khai chu trình OCOP "
        "thường niên theo quy định.",
        (),
        "none",
        (3, 31),
        CV,
    ),
    (
        "nn-hoi-nghi",
        "nn",
        "Tổ chức Hội nghị về Chương trình OCOP",
        "Chuẩn bị tốt nội dung và các điều kiện để tổ chức Hội nghị về Chương trình OCOP, giải pháp nhiệm vụ "
        "cho Chương trình trong tình hình mới, mời các chuyên gia, các ngành, địa phương và chủ thể tham gia.",
        (),
        "none",
        (6, 30),
        KH,
    ),
    (
        "nn-dieu-chinh",
        "nn",
        "Xem xét sửa đổi, bổ sung sản phẩm, chủ thể tham gia",
        "Trong quá trình thực hiện, nếu xét thấy cần thiết phải sửa đổi, bổ sung sản phẩm, chủ thể sản xuất "
        "tham gia Chương trình OCOP năm {year} cho phù hợp với tình hình thực tế thì giao Sở Nông nghiệp và "
        "PTNT xem xét, quyết định và báo cáo UBND tỉnh để theo dõi.",
        (),
        "none",
        None,
        KH,
    ),
    (
        "nn-cong-bo",
        "nn",
        "Hướng dẫn công bố chất lượng (ngành Nông nghiệp)",
        "Hướng dẫn đăng ký công bố chất lượng sản phẩm và các quy định khác của ngành Nông nghiệp liên quan "
        "đến việc thực hiện Chương trình OCOP, thường xuyên tổ chức thanh, kiểm tra về nội dung này.",
        (),
        "none",
        None,
        KH,
    ),
    (
        "nn-tuyen-truyen",
        "nn",
        "Tuyên truyền, pano quảng bá; kế hoạch đánh giá cấp tỉnh",
        "Tham mưu tổ chức các hoạt động thông tin, tuyên truyền, truyền thông trên các phương tiện báo, đài… "
        "chú ý đa dạng về hình thức, trong đó, tiếp tục phối hợp với các địa phương, đơn vị liên quan khảo sát, "
        "lập kế hoạch lắp đặt một số pano ngoài trời để quảng bá về Chương trình OCOP; tham mưu xây dựng kế "
        "hoạch và tổ chức công tác đánh giá, phân hạng sản phẩm ở cấp tỉnh.",
        (),
        "none",
        None,
        CV,
    ),
    (
        "nn-chuyen-doi-so",
        "nn",
        "Chuyển đổi số, phần mềm số hoá đánh giá phân hạng",
        "Đẩy mạnh công tác chuyển đổi số trong quản lý điều hành, quảng bá, xúc tiến thương mại sản phẩm OCOP; "
        "xây dựng phần mềm quản lý, lưu trữ các thiết bị nhằm số hoá công tác đánh giá phân hạng sản phẩm OCOP "
        "(laptop, màn hình, thiết bị phục vụ họp trực tuyến,…) tránh tình trạng hồ sơ văn bản giấy quá nhiều "
        "như phản ánh của địa phương và chủ thể OCOP.",
        (),
        "none",
        None,
        CV,
    ),
    (
        "nn-5-sao",
        "nn",
        "Rà soát sản phẩm tiềm năng 5 sao",
        "Chủ trì, phối hợp với các Sở, ngành, địa phương rà soát những sản phẩm tiềm năng 05 sao, xây dựng kế "
        "hoạch, kinh phí hỗ trợ cho chủ thể và thuê tư vấn có chuyên môn để giúp hoàn thiện hồ sơ, sản phẩm "
        "tham gia dự phân hạng 05 sao OCOP cấp Trung ương năm {year} theo quy định.",
        (),
        "none",
        (9, 30),
        CV,
    ),
    (
        "nn-tham-quan",
        "nn",
        "Kế hoạch tham quan, học tập kinh nghiệm OCOP",
        "Chủ trì, phối hợp với Sở Tài chính, Sở Ngoại vụ xây dựng Kế hoạch tham quan, học tập kinh nghiệm về "
        "Chương trình OCOP trong và ngoài nước cho cán bộ quản lý thực hiện Chương trình OCOP các cấp đảm bảo "
        "đúng quy định.",
        ("so-tai-chinh", "so-ngoai-vu"),
        "none",
        (6, 30),
        CV,
    ),
    (
        "nn-trung-bay",
        "nn",
        "Trưng bày sản phẩm OCOP 4 sao trở lên tại Bộ NN&PTNT",
        "Tổ chức tham gia trưng bày sản phẩm OCOP tiêu biểu (từ 4 sao trở lên) tại trụ sở Bộ Nông nghiệp và "
        "PTNT theo Công văn số 790/VPĐP-OCOP ngày 24/10/2022 của Văn phòng Điều phối nông thôn mới Trung ương.",
        (),
        "none",
        None,
        CV,
    ),
    (
        "nn-hop-quy",
        "nn",
        "Họp, kiểm tra tiến độ định kỳ hằng quý",
        "Định kỳ hằng quý tổ chức họp, kiểm tra, giám sát tiến độ thực hiện các công việc để kịp thời chỉ đạo "
        "tháo gỡ khó khăn, vướng mắc phát sinh trong quá trình thực hiện.",
        (),
        "quarterly",
        (3, 31),
        "KH OCOP 2023 (mục III.2)",
    ),
    (
        "nn-tong-ket",
        "nn",
        "Hội nghị tổng kết Chương trình OCOP năm {year}",
        "Tổ chức Hội nghị tổng kết đánh giá kết quả thực hiện Chương trình OCOP năm {year}, triển khai nhiệm "
        "vụ năm {next_year}.",
        (),
        "yearly",
        (12, 31),
        "KH OCOP 2023 (mục II.2)",
    ),
    ("nn-hoi-dong", "nn", "Cử cán bộ tham gia Hội đồng đánh giá", COUNCIL, (), "none", None, KH),
    # 2. Sở Công Thương
    (
        "ct-xttm",
        "ct",
        "Xúc tiến thương mại, quản lý thị trường",
        "Đẩy mạnh các hoạt động xúc tiến thương mại, kết nối cung cầu sản phẩm OCOP; triển khai các hoạt động "
        "khuyến công, thông tin thị trường trong nước và quốc tế liên quan đến sản phẩm OCOP; tăng cường công "
        "tác quản lý thị trường, kiểm tra, xử lý nghiêm theo quy định các trường hợp sản xuất, kinh doanh hàng "
        "giả, hàng nhái, hàng kém chất lượng, hàng hóa không rõ nguồn gốc.",
        (),
        "none",
        None,
        KH,
    ),
    (
        "ct-cong-bo",
        "ct",
        "Hướng dẫn công bố chất lượng (ngành Công Thương)",
        "Hướng dẫn đăng ký công bố chất lượng sản phẩm và các quy định khác của ngành Công Thương liên quan "
        "đến việc thực hiện Chương trình OCOP, thường xuyên tổ chức thanh, kiểm tra về nội dung này.",
        (),
        "none",
        None,
        KH,
    ),
    (
        "ct-hoi-cho",
        "ct",
        "Tổ chức các Hội chợ sản phẩm OCOP",
        "Chủ trì, phối hợp với Sở Nông nghiệp và PTNT (Chi cục PTNT) tổ chức các cuộc Hội chợ sản phẩm OCOP "
        "theo chỉ đạo của UBND tỉnh.",
        ("so-nnptnt",),
        "none",
        (11, 30),
        KH,
    ),
    (
        "ct-ke-hoach-hoi-cho",
        "ct",
        "Kế hoạch ít nhất 03 hội chợ ngoài tỉnh và 02 hội chợ trong tỉnh",
        "Xây dựng Kế hoạch tổ chức ít nhất 03 Hội chợ chuyên về sản phẩm OCOP tại các thành phố lớn: Đà Nẵng, "
        "Hồ Chí Minh, Hà Nội; ít nhất 02 Hội chợ trong tỉnh tại Hội An và Tam Kỳ.",
        (),
        "none",
        (3, 31),
        CV,
    ),
    (
        "ct-xttm-nuoc-ngoai",
        "ct",
        "Kế hoạch xúc tiến thương mại ra nước ngoài (quý I)",
        "Chủ trì, phối hợp với Sở Nông nghiệp và PTNT và các Sở, ngành liên quan xây dựng Kế hoạch tổ chức ít "
        "nhất 01 đợt xúc tiến thương mại sản phẩm OCOP ra nước ngoài trình UBND tỉnh xem xét, phê duyệt trong "
        "quý I, năm {year}.",
        ("so-nnptnt",),
        "none",
        (3, 31),
        CV,
    ),
    (
        "ct-tmdt",
        "ct",
        "Phân phối qua siêu thị, chợ và sàn thương mại điện tử",
        "Hướng dẫn, hỗ trợ các chủ thể OCOP đăng ký, tham gia giới thiệu, phân phối sản phẩm OCOP tại các hệ "
        "thống siêu thị, trung tâm mua sắm, các chợ; kết nối, hỗ trợ cho chủ thể bán hàng thông qua các sàn "
        "thương mại điện tử như: Tiki, Shopee, Sendo, Lazada, Postmart, Voso…",
        (),
        "none",
        None,
        CV,
    ),
    (
        "ct-trung-tam",
        "ct",
        "Trung tâm, điểm bán hàng OCOP cấp tỉnh, cấp huyện",
        "Chủ trì, phối hợp với Sở Nông nghiệp và PTNT, Sở Tài chính và các Sở, ngành có liên quan tham mưu hỗ "
        "trợ phát triển Trung tâm OCOP cấp tỉnh, cấp huyện (nếu có nhà đầu tư) theo đúng quy định của UBND "
        "tỉnh tại Quyết định số 524/QĐ-UBND ngày 25/02/2021; xây dựng Bộ quy chế quản lý điểm, Trung tâm OCOP "
        "cấp huyện, cấp tỉnh; thực hiện thống kê các điểm bán hàng, trung tâm OCOP hiện có, đánh giá và có đề "
        "xuất hỗ trợ phù hợp.",
        ("so-nnptnt", "so-tai-chinh"),
        "none",
        None,
        KH,
    ),
    ("ct-hoi-dong", "ct", "Cử cán bộ tham gia Hội đồng đánh giá", COUNCIL, (), "none", None, KH),
    # 3. Sở Khoa học và Công nghệ
    (
        "khcn-thuong-hieu",
        "khcn",
        "Thương hiệu, tiêu chuẩn, nhãn, mã vạch, tem truy xuất",
        "Hỗ trợ hướng dẫn các địa phương, chủ thể OCOP các nội dung về phát triển thương hiệu; tiêu chuẩn, đo "
        "lường, chất lượng (xây dựng và quản lý hệ thống chất lượng tiên tiến, đánh giá hợp chuẩn, hợp quy, xây "
        "dựng tiêu chuẩn cơ sở); hướng dẫn ghi nhãn hàng hóa; đăng ký mã số, mã vạch; tem truy xuất nguồn gốc "
        "sản phẩm.",
        (),
        "none",
        None,
        KH,
    ),
    (
        "khcn-so-huu",
        "khcn",
        "Quyền sở hữu công nghiệp, chỉ dẫn địa lý",
        "Hướng dẫn xác lập quyền sở hữu công nghiệp, chỉ dẫn địa lý...",
        (),
        "none",
        None,
        KH,
    ),
    (
        "khcn-quy-trinh",
        "khcn",
        "Áp dụng quy trình sản xuất tiên tiến",
        "Hướng dẫn, hỗ trợ các chủ thể tham gia Chương trình OCOP thực hiện và áp dụng các quy trình sản xuất "
        "tiên tiến phù hợp.",
        (),
        "none",
        None,
        KH,
    ),
    (
        "khcn-xuat-khau",
        "khcn",
        "Tiêu chuẩn sản xuất tiên tiến hướng đến xuất khẩu",
        "Chủ trì, phối hợp với Sở Nông nghiệp và PTNT hỗ trợ các chủ thể áp dụng các tiêu chuẩn sản xuất tiên "
        "tiến để hướng đến xuất khẩu.",
        ("so-nnptnt",),
        "none",
        None,
        CV,
    ),
    ("khcn-hoi-dong", "khcn", "Cử cán bộ tham gia Hội đồng đánh giá", COUNCIL, (), "none", None, KH),
    # 4. Sở Y tế
    (
        "yt-attp",
        "yt",
        "An toàn thực phẩm, công bố chất lượng (ngành Y tế)",
        "Phối hợp với Sở Nông nghiệp và PTNT hướng dẫn các chủ thể sản xuất nắm chắc các quy định về an toàn "
        "thực phẩm, sản xuất kinh doanh mỹ phẩm...; hướng dẫn đăng ký công bố chất lượng sản phẩm và các quy "
        "định khác của ngành Y tế liên quan đến việc thực hiện Chương trình OCOP, phối hợp kiểm tra các cơ sở "
        "do ngành Y tế quản lý.",
        ("so-nnptnt",),
        "none",
        None,
        KH,
    ),
    ("yt-hoi-dong", "yt", "Cử cán bộ tham gia Hội đồng đánh giá", COUNCIL, (), "none", None, KH),
    # 5. Sở Văn hoá, Thể thao và Du lịch
    (
        "vh-ho-so-du-lich",
        "vh",
        "Hồ sơ, đánh giá sản phẩm du lịch cộng đồng; câu chuyện sản phẩm",
        "Phối hợp với Sở Nông nghiệp và PTNT tập huấn, tư vấn, hướng dẫn các địa phương, chủ thể sản xuất lập "
        "hồ sơ minh chứng và đánh giá sản phẩm thuộc nhóm ngành Dịch vụ du lịch cộng đồng và điểm du lịch theo "
        "Quyết định số 148/QĐ-TTg ngày 24/2/2023 của Thủ tướng Chính phủ; hướng dẫn xây dựng câu chuyện sản "
        "phẩm cho sản phẩm tham gia Chương trình OCOP.",
        ("so-nnptnt",),
        "none",
        None,
        KH,
    ),
    (
        "vh-gia-tri-van-hoa",
        "vh",
        "Đưa giá trị văn hóa địa phương vào sản phẩm OCOP",
        "Hỗ trợ tổ chức kinh tế, nhóm cộng đồng nghiên cứu phát triển, quảng bá các sản phẩm dịch vụ du lịch "
        "nông thôn trên cơ sở phát huy thế mạnh về danh lam thắng cảnh, truyền thống văn hóa của các vùng, "
        "miền; hướng dẫn đưa các giá trị văn hóa, đặc thù của địa phương vào các sản phẩm OCOP, để phát triển "
        "thành các sản phẩm đặc trưng của địa phương; quảng bá, tôn vinh các sản phẩm OCOP tại các điểm du lịch.",
        (),
        "none",
        None,
        CV,
    ),
    (
        "vh-quang-ba-du-lich",
        "vh",
        "Quảng bá sản phẩm du lịch đã được công nhận",
        "Tư vấn, định hướng, hỗ trợ một số sản phẩm Dịch vụ du lịch cộng đồng và điểm du lịch tích cực tham "
        "gia Chương trình OCOP; tăng cường công tác quảng bá, giới thiệu các sản phẩm ngành du lịch đã được "
        "UBND tỉnh công nhận các hạng sao OCOP.",
        (),
        "none",
        None,
        CV,
    ),
    ("vh-hoi-dong", "vh", "Cử cán bộ tham gia Hội đồng đánh giá", COUNCIL, (), "none", None, KH),
    # 6. Sở Tài nguyên và Môi trường
    (
        "tnmt-moi-truong",
        "tnmt",
        "Tập huấn, kiểm tra quy định về môi trường",
        "Phối hợp với Sở Nông nghiệp và PTNT tập huấn, hướng dẫn, kiểm tra các địa phương, các chủ thể sản "
        "xuất thực hiện các quy định của Nhà nước về môi trường; hướng dẫn xây dựng các hồ sơ liên quan về bảo "
        "vệ môi trường trong sản xuất.",
        ("so-nnptnt",),
        "none",
        None,
        KH,
    ),
    ("tnmt-hoi-dong", "tnmt", "Cử cán bộ tham gia Hội đồng đánh giá", COUNCIL, (), "none", None, KH),
    # 7. Các Sở: Tài chính, Kế hoạch và Đầu tư
    (
        "tc-bo-tri-von",
        "tc",
        "Phân bổ, bố trí kinh phí; kiểm tra sử dụng vốn",
        "Tham mưu phân bổ, bố trí kinh phí thực hiện Chương trình và hướng dẫn, kiểm tra việc quản lý, sử dụng "
        "vốn được giao theo đúng quy định.",
        (),
        "none",
        (3, 31),
        KH,
    ),
    (
        "tc-dieu-chinh-von",
        "tc",
        "Điều chỉnh kinh phí giữa các địa phương chưa giải ngân",
        "Phối hợp với Sở Nông nghiệp và PTNT kịp thời đề xuất việc điều chỉnh, bổ sung nguồn kinh phí đã được "
        "UBND tỉnh giao, không để tình trạng địa phương này không giải ngân hết, trong khi địa phương khác có "
        "nhu cầu nhưng không có kinh phí thực hiện.",
        ("so-nnptnt",),
        "none",
        (9, 30),
        CV,
    ),
    # 8. Sở Thông tin và Truyền thông
    (
        "tttt-tuyen-truyen",
        "tttt",
        "Thông tin, tuyên truyền; chuyển đổi số OCOP",
        "Chủ trì, phối hợp với các Sở, ngành liên quan triển khai các hoạt động thông tin, tuyên truyền về "
        "Chương trình OCOP; hỗ trợ, đẩy mạnh công tác chuyển đổi số trong quản lý, điều hành, trong phát triển "
        "sản phẩm và bán sản phẩm OCOP.",
        (),
        "none",
        None,
        KH,
    ),
    # 9. Văn phòng Điều phối nông thôn mới tỉnh
    (
        "ntm-kinh-phi",
        "ntm",
        "Bố trí kinh phí nông thôn mới Trung ương năm {year}",
        "Phối hợp với Sở Nông nghiệp và PTNT, Sở Tài chính, Sở Kế hoạch và Đầu tư tham mưu UBND tỉnh bố trí "
        "nguồn kinh phí nông thôn mới Trung ương năm {year} để hỗ trợ thực hiện Chương trình OCOP.",
        ("so-nnptnt", "so-tai-chinh", "so-khdt"),
        "none",
        (4, 30),
        KH,
    ),
    (
        "ntm-tuyen-truyen",
        "ntm",
        "Tuyên truyền OCOP gắn với nông thôn mới",
        "Phối hợp với các Sở, ngành liên quan trong công tác tuyên truyền, hướng dẫn thực hiện Chương trình "
        "OCOP gắn với Chương trình nông thôn mới.",
        (),
        "none",
        None,
        KH,
    ),
    ("ntm-hoi-dong", "ntm", "Cử cán bộ tham gia Hội đồng đánh giá", COUNCIL, (), "none", None, KH),
    # 10. Đài Phát thanh - Truyền hình, Báo Quảng Nam
    (
        "ptth-tuyen-truyen",
        "ptth",
        "Tuyên truyền, quảng bá sản phẩm OCOP được công nhận",
        "Phối hợp với các Sở, ngành liên quan triển khai các hoạt động thông tin, tuyên truyền, truyền thông về "
        "Chương trình OCOP, đặc biệt tuyên truyền, quảng bá những sản phẩm OCOP được UBND tỉnh công nhận; những "
        "gương điển hình tiên tiến, mô hình sản xuất tiêu biểu, những cách làm hay, sáng tạo trong Chương trình "
        "OCOP.",
        (),
        "none",
        None,
        KH,
    ),
    # 11. UBND các huyện, thị xã, thành phố
    (
        "huyen-bo-may",
        "huyen",
        "Kiện toàn bộ máy chỉ đạo, tham mưu OCOP cấp huyện",
        "Củng cố, kiện toàn Bộ máy chỉ đạo, điều hành và giao nhiệm vụ tham mưu, giúp việc Chương trình OCOP "
        "tại cấp huyện; bố trí cán bộ tham mưu, giúp việc theo hướng “chuyên nghiệp, tận tâm và hiểu biết”.",
        (),
        "none",
        (3, 31),
        CV,
    ),
    (
        "huyen-dang-ky",
        "huyen",
        "Rà soát, đăng ký sản phẩm tham gia năm {year}",
        "Khẩn trương tổ chức rà soát, định hướng cho các chủ thể đăng ký sản phẩm tham gia năm {year} theo "
        "hướng vừa chú trọng phát triển sản phẩm mới, đồng thời phải chú trọng nâng cấp sản phẩm hiện có, không "
        "chạy theo số lượng, sản xuất phải lấy thị trường làm mục tiêu phát triển. Hồ sơ đăng ký kế hoạch năm "
        "{year} gửi về Sở Nông nghiệp và PTNT (Chi cục Phát triển nông thôn).",
        (),
        "none",
        (2, 10),
        CV,
    ),
    (
        "huyen-ke-hoach",
        "huyen",
        "Ban hành kế hoạch OCOP cấp huyện năm {year}",
        "Ban hành kế hoạch cụ thể triển khai thực hiện Chương trình OCOP năm {year} ở cấp huyện; tiếp tục đẩy "
        "mạnh công tác thông tin, tuyên truyền, truyền thông; tăng cường công tác đào tạo, tập huấn nâng cao "
        "năng lực, hướng dẫn chủ thể thực hiện; hỗ trợ hoàn thiện hồ sơ, thủ tục, hoàn thiện sản phẩm; tổ chức "
        "đánh giá, phân hạng sản phẩm cấp huyện đảm bảo theo kế hoạch của tỉnh.",
        (),
        "none",
        (4, 30),
        CV,
    ),
    (
        "huyen-hoi-dong",
        "huyen",
        "Hội đồng cấp huyện: đánh giá, công nhận sản phẩm 3 sao; kiểm tra hồ sơ",
        "Thành lập Hội đồng đánh giá, công nhận sản phẩm OCOP cấp huyện, tổ chức thực hiện đánh giá và công "
        "nhận sản phẩm OCOP 03 sao theo đúng quy định tại Quyết định 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng "
        "Chính phủ (Trong đó mời đại diện các Sở ngành liên quan của tỉnh tham gia Hội đồng, tổ tư vấn cấp "
        "huyện); chỉ đạo Phòng Nông nghiệp và PTNT/Kinh tế chủ trì, phối hợp với các phòng, ban liên quan hướng "
        "dẫn các chủ thể rà soát, sớm chuẩn bị hồ sơ minh chứng đánh giá, phân hạng sản phẩm; thực hiện việc "
        "kiểm tra thực tế tại cơ sở, kiểm tra kỹ hồ sơ trước khi gửi lên tỉnh đánh giá. Chú ý hoàn thiện hồ sơ "
        "tham gia đánh giá phân hạng năm {year} đúng thời gian quy định.",
        (),
        "none",
        (7, 31),
        KH,
    ),
    (
        "huyen-kinh-phi",
        "huyen",
        "Phân bổ, giải ngân kinh phí; đề xuất điều chỉnh",
        "Sớm phân bổ nguồn vốn sự nghiệp ngân sách tỉnh đã được UBND tỉnh giao cho Phòng Nông nghiệp và "
        "PTNT/Kinh tế, các đơn vị liên quan khác để triển khai thực hiện Chương trình kịp tiến độ; thực hiện "
        "công khai, minh bạch, hỗ trợ kinh phí cho các chủ thể tham gia đúng quy định, kịp thời; rà soát, kịp "
        "thời đề xuất việc điều chỉnh, bổ sung nguồn kinh phí đã được UBND tỉnh giao, không để tình trạng địa "
        "phương này không giải ngân hết, trong khi địa phương khác có nhu cầu nhưng không có kinh phí thực hiện.",
        (),
        "none",
        (9, 30),
        CV,
    ),
    (
        "huyen-hoi-cho",
        "huyen",
        "Kế hoạch hội chợ OCOP cấp huyện",
        "Chủ động xây dựng kế hoạch tổ chức các Hội chợ OCOP, sản phẩm công nghiệp nông thôn tiêu biểu, sản "
        "phẩm đặc trưng cấp huyện.",
        (),
        "none",
        None,
        CV,
    ),
    (
        "huyen-danh-gia-lai",
        "huyen",
        "Rà soát sản phẩm hết hạn để đánh giá lại",
        "Triển khai kiểm tra, rà soát các sản phẩm OCOP đã được UBND tỉnh quyết định công nhận các hạng sao "
        "OCOP trước đây để đăng ký, đánh giá phân hạng lại đối với các sản phẩm đã hết hạn (sau 36 tháng kể từ "
        "ngày công nhận).",
        (),
        "none",
        None,
        CV,
    ),
    (
        "huyen-pano",
        "huyen",
        "Chọn vị trí lắp đặt pano tuyên truyền OCOP",
        "Phối hợp với Sở Nông nghiệp và PTNT chọn vị trí lắp đặt một số Pano tuyên truyền Chương trình OCOP.",
        ("so-nnptnt",),
        "none",
        None,
        KH,
    ),
    (
        "huyen-bao-cao",
        "huyen",
        "Báo cáo định kỳ về Sở Nông nghiệp và PTNT",
        "Thường xuyên tổ chức kiểm tra, giám sát, đánh giá, tổng kết, rút kinh nghiệm thực hiện Chương trình; "
        "thực hiện nghiêm túc chế độ thông tin, báo cáo định kỳ, đột xuất về Sở Nông nghiệp và PTNT để tổng "
        "hợp, báo cáo Bộ Nông nghiệp và PTNT, Văn phòng Điều phối NTM Trung ương, UBND tỉnh, Ban Chỉ đạo các "
        "Chương trình MTQG tỉnh để theo dõi, chỉ đạo.",
        (),
        "quarterly",
        (3, 31),
        KH,
    ),
    # 12. Kiểm tra, giám sát, thu hồi sản phẩm đã được công nhận
    (
        "kiem-tra-thu-hoi",
        "kiem-tra",
        "Kiểm tra chất lượng sản phẩm OCOP đã công nhận; đề nghị thu hồi",
        "Căn cứ chức năng, nhiệm vụ được giao, định kỳ tổ chức kiểm tra, đánh giá chất lượng sản phẩm OCOP đã "
        "được công nhận, trường hợp phát hiện cơ sở sản xuất có sản phẩm OCOP vi phạm đến mức cần thu hồi Chứng "
        "nhận OCOP thì có thông báo bằng văn bản đến cơ quan thường trực Chương trình OCOP - Sở Nông nghiệp và "
        "PTNT (Chi cục Phát triển nông thôn) để tham mưu UBND tỉnh quyết định thu hồi.",
        (),
        "yearly",
        (10, 31),
        CV,
    ),
]

UNIT_ORDER = list(UNITS)


def template_rows():
    """Yield dicts ready for DutyTemplate (with codes for the lead and cooperating departments)."""
    position = {key: 0 for key in UNITS}
    for code, unit, title, text, extra, recurrence, due, source in DUTIES:
        lead, group, heading, coop = UNITS[unit]
        position[unit] += 1
        yield {
            "code": code,
            "lead": lead,
            "lead_group": group,
            "section_heading": heading,
            "cooperating": tuple(dict.fromkeys((*coop, *extra))),
            "title": title,
            "text": text,
            "recurrence": recurrence,
            "due_month": due[0] if due else None,
            "due_day": due[1] if due else None,
            "source": source,
            "order": (UNIT_ORDER.index(unit) + 1) * 100 + position[unit],
        }


def load_templates() -> tuple[int, int]:
    """Create or update the library (idempotent). Returns (created, updated)."""
    from accounts.models import Department

    from .models import DutyTemplate

    departments = {d.code: d for d in Department.objects.all()}
    created = updated = 0
    for row in template_rows():
        coop = row.pop("cooperating")
        lead = row.pop("lead")
        code = row.pop("code")
        obj, was_created = DutyTemplate.objects.update_or_create(
            code=code, defaults={**row, "lead_department": departments.get(lead) if lead else None}
        )
        obj.cooperating.set([departments[c] for c in coop if c in departments])
        created += was_created
        updated += not was_created
    return created, updated
