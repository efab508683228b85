"""Demo community life: a policy library of real titles (with short summaries written for the demo,
not the documents' text), notices of the county and of 文化路社区 with a read receipt, and policy
questions answered and waiting. Written through the services (so the search index is filled) and
once: skipped when any demo policy exists."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import Department, User
from shequ.participation.models import Audience, Policy, PolicyKind, Question
from shequ.participation.services import notice_publish, notice_read, policy_create, question_answer, question_ask
from shequ.regions.models import Region

DEMO_NOTE = "（演示用摘要，以正式文件为准。）"
# (title, document number, department, summary): the titles and numbers are those of the real
# documents; the summaries are the demo's own few sentences.
DOCUMENTS = [
    (
        "社会救助暂行办法",
        "国务院令第649号",
        Department.CIVIL_AFFAIRS,
        "规定最低生活保障、特困人员供养、受灾人员救助、医疗救助、教育救助、住房救助、就业救助和临时救助八项制度。",
    ),
    (
        "最低生活保障审核确认办法",
        "民发〔2021〕57号",
        Department.CIVIL_AFFAIRS,
        "低保申请由户籍所在地乡镇受理，家庭人均收入低于当地低保标准且财产状况符合规定的，可以申请低保；审核确认一般在30个工作日内完成。",
    ),
    (
        "特困人员认定办法",
        "民发〔2021〕43号",
        Department.CIVIL_AFFAIRS,
        "无劳动能力、无生活来源、无法定赡养抚养扶养义务人或者其义务人无履行能力的老年人、残疾人和未成年人，可以认定为特困人员。",
    ),
    (
        "关于进一步加强和改进临时救助工作的意见",
        "",
        Department.CIVIL_AFFAIRS,
        "因火灾、交通事故、突发重大疾病等原因导致基本生活暂时出现严重困难的家庭或个人，可以向乡镇或社区申请临时救助。",
    ),
    (
        "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见",
        "国发〔2015〕52号",
        Department.DISABLED_FEDERATION,
        "低保家庭中的残疾人可以领取生活补贴，残疾等级为一级、二级的重度残疾人可以领取护理补贴，由社区受理申请。",
    ),
    (
        "国务院关于建立统一的城乡居民基本养老保险制度的意见",
        "国发〔2014〕8号",
        Department.HUMAN_RESOURCES,
        "年满16周岁、不是在校学生、未参加职工养老保险的城乡居民，可以在户籍地参加城乡居民基本养老保险，按年缴费，满60周岁按月领取养老金。",
    ),
    (
        "国务院关于整合城乡居民基本医疗保险制度的意见",
        "国发〔2016〕3号",
        Department.MEDICAL_INSURANCE,
        "城乡居民医保统一覆盖范围、统一筹资政策、统一保障待遇，居民按年度缴费参保，住院和门诊费用按规定报销。",
    ),
    (
        "国务院办公厅关于全面实施城乡居民大病保险的意见",
        "国办发〔2015〕57号",
        Department.MEDICAL_INSURANCE,
        "参加城乡居民医保的人员发生高额医疗费用，在基本医保报销后，个人负担的合规费用超过起付线的部分由大病保险再报销。",
    ),
    (
        "医疗保障基金使用监督管理条例",
        "国务院令第735号",
        Department.MEDICAL_INSURANCE,
        "医保基金是人民群众的\u201c救命钱\u201d，参保人员应持本人医保凭证就医，不得出租出借，发现骗保行为可以举报。",
    ),
    (
        "国务院办公厅关于推进养老服务发展的意见",
        "国办发〔2019〕5号",
        Department.CIVIL_AFFAIRS,
        "发展居家社区养老服务，建设社区日间照料中心和老年助餐点，为高龄、失能、独居老人提供上门服务。",
    ),
    (
        "志愿服务条例",
        "国务院令第685号",
        Department.YOUTH_LEAGUE,
        "志愿者可以通过志愿服务组织或者社区参加志愿服务，志愿服务组织应当如实记录志愿者的服务时间和内容。",
    ),
    (
        "志愿服务记录与证明出具办法（试行）",
        "民政部令第67号",
        Department.CIVIL_AFFAIRS,
        "志愿服务记录包括志愿者的个人基本信息、服务内容、服务时长等；志愿者可以申请出具志愿服务记录证明。",
    ),
    (
        "\u201c十四五\u201d城乡社区服务体系建设规划",
        "国办发〔2021〕56号",
        Department.CIVIL_AFFAIRS,
        "到2025年，城乡社区综合服务设施实现全覆盖，每百户居民拥有综合服务设施面积不低于30平方米，社区服务机制更加健全。",
    ),
    (
        "吉木萨尔县城乡社区服务体系建设规划",
        "",
        Department.CIVIL_AFFAIRS,
        "本县城乡社区服务体系建设的目标和任务：完善服务设施，壮大社区工作者队伍，推进智慧社区建设，提升为民服务能力。",
    ),
    (
        "中华人民共和国老年人权益保障法",
        "",
        Department.CIVIL_AFFAIRS,
        "赡养人应当履行对老年人经济上供养、生活上照料和精神上慰藉的义务；国家逐步完善老年人福利和社会救助制度。",
    ),
    (
        "中华人民共和国残疾人保障法",
        "",
        Department.DISABLED_FEDERATION,
        "残疾人享有康复、教育、劳动就业和社会保障等权利，政府对生活确有困难的残疾人给予救助。",
    ),
    (
        "中华人民共和国未成年人保护法",
        "",
        Department.CIVIL_AFFAIRS,
        "居民委员会、村民委员会发现未成年人的父母或者其他监护人不依法履行监护职责的，应当及时报告并协助处理。",
    ),
    (
        "中华人民共和国反家庭暴力法",
        "",
        Department.WOMENS_FEDERATION,
        "家庭暴力受害人可以向所在单位、居民委员会、村民委员会、妇女联合会等单位投诉、反映或者求助，也可以向公安机关报案。",
    ),
    (
        "中华人民共和国退役军人保障法",
        "",
        Department.VETERANS,
        "退役军人在就业创业、教育培训、优待抚恤等方面享受国家规定的保障和优待。",
    ),
    (
        "中华人民共和国人民调解法",
        "",
        Department.JUSTICE,
        "村民委员会、居民委员会设立人民调解委员会，调解民间纠纷不收取任何费用，经调解达成的协议具有法律约束力。",
    ),
    (
        "中华人民共和国城市居民委员会组织法",
        "",
        Department.CIVIL_AFFAIRS,
        "居民委员会是居民自我管理、自我教育、自我服务的基层群众性自治组织，办理本居住地区居民的公共事务和公益事业。",
    ),
    (
        "中华人民共和国村民委员会组织法",
        "",
        Department.CIVIL_AFFAIRS,
        "村民委员会实行村务公开，涉及村民利益的事项应当经村民会议或者村民代表会议讨论决定。",
    ),
    (
        "物业管理条例",
        "",
        Department.HOUSING,
        "业主大会和业主委员会代表业主与物业服务企业签订物业服务合同，物业服务企业应当按照合同提供服务。",
    ),
    (
        "中华人民共和国消防法",
        "",
        Department.EMERGENCY,
        "任何单位和个人不得占用、堵塞、封闭疏散通道、安全出口和消防车通道；发现火灾应当立即报警。",
    ),
    (
        "中华人民共和国就业促进法",
        "",
        Department.HUMAN_RESOURCES,
        "政府为劳动者提供免费的就业信息、职业指导和职业介绍服务，对就业困难人员实行优先扶持和重点帮助。",
    ),
    (
        "中华人民共和国社区矫正法",
        "",
        Department.JUSTICE,
        "社区矫正工作坚持监督管理与教育帮扶相结合，居民委员会、村民委员会依法协助做好社区矫正工作。",
    ),
]
# (title, Uyghur title, department, answer)
FAQS = [
    (
        "低保怎么申请？",
        "ئەڭ تۆۋەن تۇرمۇش كاپالىتىنى قانداق ئىلتىماس قىلىدۇ؟",
        Department.CIVIL_AFFAIRS,
        "带上户口簿、身份证和家庭收入情况，到户籍所在地的村（社区）服务站或乡镇提出申请，也可以在本平台在线申请。",
    ),
    (
        "城乡居民医保怎么交费？",
        "شەھەر-يېزا ئاھالىلىرىنىڭ داۋالاش سۇغۇرتىسى ھەققىنى قانداق تاپشۇرىدۇ؟",
        Department.MEDICAL_INSURANCE,
        "每年集中征缴期内，可以通过手机缴费，也可以到村（社区）服务站请工作人员帮助缴费。",
    ),
    (
        "残疾人两项补贴到哪里办？",
        "مېيىپلەرنىڭ ئىككى تۈرلۈك ياردەم پۇلىنى نەدە بېجىرىدۇ؟",
        Department.DISABLED_FEDERATION,
        "持残疾人证到户籍所在地的村（社区）服务站申请，审核通过后按月发放到本人账户。",
    ),
    (
        "高龄津贴怎么领？",
        "ياشانغانلار ياردەم پۇلىنى قانداق ئالىدۇ؟",
        Department.CIVIL_AFFAIRS,
        "年满80周岁的老年人，由本人或家属到村（社区）服务站登记，审核通过后按月发放。",
    ),
    (
        "孩子上学有哪些资助？",
        "بالىلارنىڭ ئوقۇشىغا قانداق ياردەملەر بار؟",
        Department.EDUCATION,
        "家庭经济困难的学生可以申请学前教育资助、国家助学金和生源地信用助学贷款，具体到学校或教育局咨询。",
    ),
    (
        "家里老人走失了怎么办？",
        "ئائىلىدىكى ياشانغانلار يوقاپ كەتسە قانداق قىلىش كېرەك؟",
        Department.PUBLIC_SECURITY,
        "立即拨打110报警，同时联系网格员和社区，提供老人的照片、衣着和常去的地方。",
    ),
    (
        "遇到邻里纠纷找谁调解？",
        "قوشنىلار ئارىسىدا جېدەل چىقسا كىمگە مۇراجىئەت قىلىدۇ؟",
        Department.JUSTICE,
        "可以找村（社区）人民调解委员会或网格员，调解不收费；也可以在本平台\u201c反映问题\u201d中提交。",
    ),
    (
        "怎样注册成为志愿者？",
        "قانداق قىلىپ پىدائىي بولۇپ تىزىملىتىدۇ؟",
        Department.YOUTH_LEAGUE,
        "到所在村（社区）登记姓名、联系方式和特长，参加活动后服务时长会被记录，可以申请服务时长证明。",
    ),
]
NOTICES = [
    # (region, publisher, title, title_ug, body, body_ug, pinned, days to expiry)
    (
        "652327",
        "county_mz",
        "冬季取暖安全提示",
        "قىشلىق ئىسسىنىش بىخەتەرلىكى ئەسكەرتىشى",
        "进入采暖期，请规范使用煤炉和电暖器，睡前检查炉火，保持通风，防止一氧化碳中毒；发现险情拨打119。",
        "ئىسسىنىش مەزگىلىدە كۆمۈر مەشى ۋە ئېلېكتر ئىسسىتقۇچنى توغرا ئىشلىتىڭ، "
        "ئۇخلاشتىن بۇرۇن ئوتنى تەكشۈرۈڭ، ھاۋا ئالماشتۇرۇڭ؛ خەتەر بايقىسىڭىز 119 غا تېلېفون قىلىڭ.",
        True,
        90,
    ),
    (
        "652327100003",
        "worker_wenhualu",
        "本周六社区卫生服务站为65岁以上老人免费体检",
        "بۇ شەنبە 65 ياشتىن يۇقىرى ياشانغانلارغا ھەقسىز سالامەتلىك تەكشۈرۈشى",
        "请带上身份证和医保卡，上午10:00至13:00到社区卫生服务站，空腹参加。行动不便的老人可以联系网格员预约上门。",
        "كىملىك ۋە داۋالاش سۇغۇرتا كارتىسىنى ئېلىپ، چۈشتىن بۇرۇن سائەت 10:00 دىن 13:00 گىچە "
        "مەھەللە ساغلاملىق مۇلازىمەت پونكىتىغا ئاچ قورساق كېلىڭ.",
        False,
        10,
    ),
]


def participation_seed(*, county: str) -> dict:
    """Load the demo policies, notices and questions (with the demo accounts; skipped once done)."""
    if Policy.objects.filter(is_demo=True).exists():
        return {"policies": 0, "notices": 0, "questions": 0}
    accounts = {
        user.username: user
        for user in User.objects.filter(username__in=["admin", "county_mz", "worker_wenhualu", "resident_demo"])
    }
    editor = accounts.get("admin") or accounts["county_mz"]
    with transaction.atomic():
        policies = [
            policy_create(
                acting_user=editor,
                title=title,
                body=summary + DEMO_NOTE,
                document_number=number,
                department=department,
                is_demo=True,
            )
            for title, number, department, summary in DOCUMENTS
        ]
        policies += [
            policy_create(
                acting_user=editor,
                kind=PolicyKind.FAQ,
                title=title,
                title_ug=title_ug,
                body=answer,
                department=department,
                is_demo=True,
            )
            for title, title_ug, department, answer in FAQS
        ]
        notices = [
            notice_publish(
                acting_user=accounts[publisher],
                region=Region.objects.get(code=code),
                title=title,
                title_ug=title_ug,
                body=body,
                body_ug=body_ug,
                audience=Audience.RESIDENTS,
                pinned=pinned,
                expires_at=timezone.now() + timedelta(days=days),
                is_demo=True,
            )
            for code, publisher, title, title_ug, body, body_ug, pinned, days in NOTICES
        ]
        questions = _questions_seed(accounts=accounts, notice=notices[0])
    return {"policies": len(policies), "notices": len(notices), "questions": questions}


def _questions_seed(*, accounts: dict[str, User], notice) -> int:
    """resident_demo reads the county notice and asks four questions: one answered in public, one
    answered privately, one waiting and one overdue."""
    resident, worker = accounts.get("resident_demo"), accounts["worker_wenhualu"]
    if resident is None or getattr(resident, "person", None) is None:
        return 0
    notice_read(notice=notice, acting_user=resident)
    asked = [
        question_ask(acting_user=resident, text="我母亲今年满80岁了，高龄津贴从哪个月开始发？", public=True),
        question_ask(acting_user=resident, text="我家孩子明年上高中，家里困难能申请什么资助？"),
        question_ask(acting_user=resident, text="小区楼道里的路灯坏了很久，应该找谁修？", public=True),
        question_ask(acting_user=resident, text="城乡居民医保今年的缴费截止时间是哪天？", public=True),
    ]
    question_answer(
        question=asked[0], acting_user=worker, answer="从满80周岁的次月开始发放，请带上身份证到社区服务站登记。"
    )
    question_answer(
        question=asked[1], acting_user=worker, answer="可以申请国家助学金，开学后向学校提出，社区可以出具困难证明。"
    )
    Question.objects.filter(pk=asked[3].pk).update(due_at=timezone.now() - timedelta(days=1), is_demo=True)
    Question.objects.filter(pk__in=[question.pk for question in asked]).update(is_demo=True)
    return len(asked)
