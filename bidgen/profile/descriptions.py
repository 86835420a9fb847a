"""Chinese titles and descriptions of every profile field, for the JSON Schema.

One table, keyed by model class name and field name, kept apart from the models
so that the editor help text has one home. ``bidgen schema`` applies it (see
``profile/schema.py``); a test fails when a model gains a field that has no
entry here, or an entry names a field that no longer exists. A field that holds a
kind's figure takes the kind's label from ``core/kinds`` (one source of truth).
"""

from __future__ import annotations

from bidgen.core.kinds import label

# Model name -> (title, description) of the section itself.
MODELS: dict[str, tuple[str, str]] = {
    "Targets": ("服务指标", "各项服务水平的承诺百分比，未写的取行业默认值"),
    "Style": (
        "版式",
        "DOCX 与 PDF 共用的版式：公司 Word 模板、字体、字号、行距、主色、页眉、徽标与页边距",
    ),
    "Margins": ("页边距", "单位厘米"),
    "LineSpacing": ("行距", "由 style.line_spacing 的文字解析而来"),
    "Profile": (
        "bidgen 项目配置",
        "一份标书一个文件：项目、投标人、服务时限、人员、培训与招标要求",
    ),
    "Project": ("项目信息", "封面、页眉和文件属性都取自这里"),
    "Bidder": ("投标人信息", "投标人全称、代表、地址与联系方式"),
    "Outlet": ("本地服务网点", "离服务现场最近的服务网点"),
    "Terminology": ("称谓", "全文统一使用这里选定的采购方与投标方称谓"),
    "Warranty": (label("warranty"), "免费质保的年限与起算条件"),
    "Service": ("服务时间与服务方式", "服务时间、驻场安排、热线与回访"),
    "FaultLevel": ("故障级别", "一个故障级别的定义与各项承诺时限"),
    "Staff": ("服务人员", "人员表中的一行"),
    "Training": ("培训方案", "培训地点、课程与考核"),
    "Course": ("培训课程", "一门培训课程"),
    "Inspection": ("巡检与维护保养", "巡检频次、报告时限与巡检内容"),
    "SpareParts": ("备品备件", "备件储备比例、存放地点与送达时限"),
    "Quality": ("质量保证", "执行标准（A–F 选一项）与质量目标"),
    "Emergency": ("应急预案", "应急场景、演练与上报时限"),
    "Complaints": ("投诉处理与服务监督", "投诉热线、处理时限与满意度调查"),
    "PostWarranty": ("质保期外服务", "质保期满后的维保条件"),
    "Equipment": ("设备", "供货或维护的一类设备（写入设备档案与备件储备表）"),
    "Duty": ("责任矩阵事项", "运维责任矩阵的一行：△负责、√参与"),
    "Records": ("服务记录与交付文档", "交付的记录表单与设备档案字段；留空则使用条款中的默认清单"),
    "ClauseSelection": ("条款选择", "自有条款目录与启用、停用、排序"),
    "Fonts": ("字体", "生成 PDF 所用字体，须与 fc-list 所列名称完全一致"),
    "Requirement": ("招标要求", "招标文件的一条售后服务条款（按原文顺序照抄）"),
    "Condition": ("量化条件", "招标条款中的一个可度量条件"),
    "Response": ("投标响应", "投标人对该条款的答复及方案中回答它的位置"),
    "DeviationTable": ("偏离表格式", "招标文件规定了偏离表格式时填写"),
    "DeviationColumn": ("偏离表列", "偏离表的一列及其标题"),
    "ScoringPoint": ("评分项", "招标文件评标办法中售后服务部分的一个评分项"),
}

_TIME = "时限写法如 30分钟、2小时、3个工作日"
_FREQ = "频次写法如 每季度一次、每月一次、每年4次"
_PCT = "百分比，如 98%"

# Model name -> field name -> (title, description).
FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "Profile": {
        "project": ("项目信息", "项目名称、编号、采购人、日期、行业、服务地点与范围"),
        "bidder": ("投标人信息", "投标人全称、代表、地址、热线、邮箱与本地服务网点"),
        "terminology": ("称谓", "采购方与投标方在全文中的统一称谓"),
        "warranty": (label("warranty"), "质保年限与起算条件"),
        "service": ("服务时间与服务方式", "服务时间、驻场、热线回复、回访与健康检查"),
        "fault_levels": ("故障分级与时限", "从最严重到最轻依次填写，至少一级"),
        "staff": (
            "服务人员",
            "人员表；可写成列表，也可写 Excel/CSV 文件名（如 人员名单.xlsx）"
            "或 {file: 人员名单.xlsx, sheet: 工作表名}",
        ),
        "training": ("培训方案", "培训地点、课程、人数上限、复训与考核方式"),
        "inspection": ("巡检与维护保养", "巡检频次、报告时限、节前检查与巡检内容"),
        "spare_parts": ("备品备件", "储备比例、存放地点、送达时限与停产通知"),
        "quality": ("质量保证", "执行标准选项 A–F 与引用的标准"),
        "targets": (
            "服务指标",
            "可用率、开机率、在线率、完好率、一次修复率、满意度、按时到场率；未写的取行业默认值，写 null 表示不承诺",
        ),
        "emergency": ("应急预案", "应急场景、演练频次、组长与上报时限"),
        "complaints": ("投诉处理与服务监督", "投诉热线、联系与处理时限、满意度调查"),
        "post_warranty": ("质保期外服务", "优惠比例、备件价格、人工费与响应时限"),
        "equipment": (
            "设备清单",
            "写入设备档案与备件储备表；可写成列表，也可写 Excel/CSV 文件名或 {file: …, sheet: …}",
        ),
        "responsibility": ("运维责任矩阵", "运维类项目填写；△负责 √参与，可写 Excel/CSV 文件名"),
        "records": ("服务记录与交付文档", "交付的记录表单与设备档案字段"),
        "custom": (
            "自由段落",
            "按条款编号（并入该条款）或条款族（单列小节）追加的段落，如 commitment: [我公司另行承诺……]",
        ),
        "clauses": ("条款选择", "本公司自有条款目录，额外启用、停用的条款与章节顺序"),
        "fonts": ("字体", "生成 PDF 用的正文与标题字体"),
        "style": (
            "版式",
            "公司 Word 模板（style.template）及 DOCX 与 PDF 共用的字体、字号、行距、页眉等",
        ),
        "output_name": ("输出文件名", "不含扩展名，默认“项目编号-文档标题”"),
        "requirements": (
            "招标文件的售后服务要求",
            "用于偏离表与合规校验，按招标文件顺序照抄原文；也可写 Excel/CSV 文件名（列：条款号、原文、类别、故障级别、限值、投标响应、说明）",
        ),
        "deviation_table": ("偏离表格式", "偏离表的标题与列"),
        "scoring": ("评分项", "生成“评分响应索引”，可写 Excel/CSV 文件名"),
    },
    "Project": {
        "name": ("项目名称", "与招标文件一致的项目全称"),
        "number": ("项目编号", "招标编号或项目编号"),
        "lot": ("包号", "包号或标段，没有可省略"),
        "purchaser": ("采购人", "采购人（招标人）全称"),
        "date": ("投标日期", "用于封面、签署和文件属性，如 2026-12-01"),
        "industry": ("行业", "行业编号、中文名称或别名，可选值见 bidgen industries"),
        "procurement_type": (
            "采购方式",
            "决定称谓：政府采购 → 采购人/投标人，招标投标 → 招标人/投标人，合同 → 甲方/乙方",
        ),
        "location": ("服务地点", "服务现场所在地，会写入正文"),
        "scope": ("服务范围", "服务对象与范围，会写入正文"),
        "title": ("文档标题", "默认“售后服务方案”，可改为“运维服务方案”等"),
    },
    "Bidder": {
        "name": ("投标人名称", "投标人全称（签署、页眉、文件作者）"),
        "representative": ("法定代表人或授权代表", "签署页上的姓名"),
        "address": ("公司地址", "投标人的办公地址"),
        "hotline": ("服务热线", "7×24 小时服务热线号码"),
        "email": ("服务邮箱", "接收报修与咨询的邮箱"),
        "outlet": ("本地服务网点", "网点名称、地址、电话、路程时间与常驻工程师人数"),
    },
    "Outlet": {
        "name": ("网点名称", "本地服务网点的名称"),
        "address": ("网点地址", "本地服务网点的地址"),
        "phone": ("网点电话", "本地服务网点的电话"),
        "travel_time": ("路程时间", f"网点到服务现场的路程时间，用于校验到场承诺能否兑现；{_TIME}"),
        "engineers": ("常驻工程师人数", "网点常驻工程师人数，至少 1 人"),
    },
    "Terminology": {
        "purchaser": ("采购方称谓", "采购人、招标人、甲方、业主、用户、建设单位或采购单位"),
        "bidder": ("投标方称谓", "我公司、我方、投标人、乙方或本公司"),
    },
    "Warranty": {
        "years": ("质保年限", "整数，1–10 年"),
        "start": ("起算条件", "如“自项目验收合格之日起”"),
    },
    "Service": {
        "hours": (label("service_hours"), "如 7×24小时、5×8小时"),
        "period": (label("service_period"), "有偿运维合同的期限，与质保期分别计算，如 3年"),
        "resident_engineers": (label("resident_staff"), "0 表示不驻场"),
        "resident_hours": ("驻场时间", "如 5×8小时"),
        "resident_schedule": ("驻场安排", "如“工作日 9:00—17:30 驻场，节假日电话待命”"),
        "holiday_duty": ("节假日值班", "节假日是否安排值班"),
        "remote_support": ("远程支持", "是否提供远程支持"),
        "hotline_answer": ("热线回复时限", f"热线受理后回复的时限；{_TIME}"),
        "followup": ("回访时限", f"故障处理完毕后回访的时限；{_TIME}"),
        "health_check": ("健康检查频次", f"系统健康检查的频次；{_FREQ}"),
        "upgrade_notice": ("升级通知时限", f"软件升级前提前通知的时限；{_TIME}"),
    },
    "FaultLevel": {
        "name": ("级别名称", "如 一级故障"),
        "definition": ("级别定义", "该级别故障的判定标准"),
        "examples": ("典型情形", "该级别的典型故障举例"),
        "response": ("响应时限", _TIME),
        "arrival": ("到达现场时限", f"{_TIME}；只做远程支持时写“仅远程”"),
        "resolution": ("解决时限", _TIME),
        "replacement": ("备用设备时限", f"未能修复时提供备用设备的时限；{_TIME}"),
        "report": ("故障报告时限", f"提交故障报告的时限；{_TIME}"),
    },
    "Staff": {
        "name": ("姓名", "表格列名：姓名"),
        "role": ("岗位", "表格列名：岗位，如 项目负责人、驻场工程师"),
        "phone": ("电话", "表格列名：电话"),
        "qualifications": ("资质证书", "表格列名：资质证书；表格中多个证书用顿号或逗号分隔"),
        "years": ("从业年限", "表格列名：从业年限，整数"),
        "duties": ("职责", "表格列名：职责"),
        "resident": ("驻场", "表格列名：驻场；是/否"),
    },
    "Training": {
        "location": ("培训地点", "如 采购人指定场所"),
        "courses": (
            "培训课程",
            "至少一门课程；也可写 Excel/CSV 文件名（列：课程名称、培训对象、课时、场次、培训方式、培训内容）",
        ),
        "max_trainees": ("每期人数上限", "每期培训的学员人数上限"),
        "retraining": ("复训频次", f"质保期内复训的频次；{_FREQ}"),
        "followup_within": ("培训跟踪时限", f"培训结束后跟踪培训效果的时限；{_TIME}"),
        "assessment": ("考核方式", "如 理论考核与实际操作考核相结合"),
    },
    "Course": {
        "name": ("课程名称", "培训课程的名称"),
        "audience": ("培训对象", "如 系统管理员、业务操作人员"),
        "hours": ("课时", "每期课时数，整数"),
        "sessions": ("场次", "该课程举办的期数，默认 1"),
        "method": ("培训方式", "如 现场集中授课、远程培训"),
        "content": ("培训内容", "课程的主要内容"),
        "trainer": ("授课人", "本公司人员姓名或制造商培训讲师"),
        "dates": ("培训时间", "如 2027年2月第1周、验收前第2周"),
    },
    "Inspection": {
        "frequency": ("巡检频次", _FREQ),
        "report_within": ("巡检报告时限", f"巡检后提交报告的时限；{_TIME}"),
        "holiday_precheck_days": ("节前检查天数", "重大节假日前几天完成专项检查，1–30"),
        "items": ("巡检内容", "本项目额外的巡检内容"),
    },
    "SpareParts": {
        "ratio": ("储备比例", f"备件储备比例；{_PCT}"),
        "location": ("存放地点", "备件库所在地点"),
        "delivery": ("送达时限", f"备件送达现场的时限；{_TIME}"),
        "eol_notice": ("停产通知时限", f"产品停产提前通知的时限；{_TIME}"),
    },
    "Quality": {
        "standard": (
            "执行标准",
            "A 国家标准、B 行业（部颁）标准、C 制造商企业标准、D 附件约定、E 封存样品、F 采购人规定",
        ),
        "reference": ("所依据的标准或样品", "选 D、E、F 时必须写明"),
        "standards": ("引用的标准", "如 GB/T 28827.1《信息技术服务 运行维护 第1部分：通用要求》"),
    },
    "Style": {
        "template": (
            "公司 Word 模板",
            "相对项目配置文件的路径，如 公司模板.docx；命令行 --template 优先",
        ),
        "body_font": ("正文字体", "如 宋体、Noto Serif CJK SC"),
        "heading_font": ("标题字体", "如 黑体、Noto Sans CJK SC"),
        "font_size": ("正文字号", "小四、五号等，或磅值数字"),
        "line_spacing": ("行距", "倍数如 1.5 或 1.5倍，固定值如 22磅、固定值28磅"),
        "accent_color": ("主色", "表头与标题的强调色，如 #1F4E79"),
        "header_text": ("页眉文字", "默认为投标人名称与项目名称"),
        "logo": ("页眉徽标", "PNG 或 JPEG 图片，相对项目配置文件的路径"),
        "logo_height": ("徽标高度", "单位厘米，0.3–3，默认 0.8"),
        "margins": ("页边距", "top、bottom、left、right，单位厘米"),
    },
    "LineSpacing": {
        "value": ("行距数值", "倍数或磅值"),
        "exact": ("固定值", "是：固定磅值；否：倍数"),
    },
    "Margins": {
        "top": ("上边距", "单位厘米"),
        "bottom": ("下边距", "单位厘米"),
        "left": ("左边距", "单位厘米"),
        "right": ("右边距", "单位厘米"),
    },
    "Targets": {
        "availability": (label("availability"), f"信息系统常用；{_PCT}"),
        "uptime": (label("uptime"), f"医疗设备常用；{_PCT}"),
        "online_rate": (label("online_rate"), f"安防监控常用；{_PCT}"),
        "intact_rate": (label("intact_rate"), f"办公设备常用；{_PCT}"),
        "first_fix_rate": (label("first_fix_rate"), _PCT),
        "satisfaction": (label("satisfaction"), _PCT),
        "on_time_rate": (label("on_time_rate"), _PCT),
    },
    "Emergency": {
        "scenarios": (
            "应急场景",
            "hardware、software、network、power、data_loss、security、disaster、major_event",
        ),
        "drill_frequency": ("演练频次", _FREQ),
        "leader": ("应急领导小组组长", "组长姓名"),
        "report_within": ("上报时限", f"突发事件上报的时限；{_TIME}"),
        "summary_within": ("总结报告时限", f"事件总结报告的时限；{_TIME}"),
    },
    "Complaints": {
        "hotline": ("投诉电话", "投诉热线号码"),
        "first_contact": ("首次联系时限", f"接到投诉后首次联系的时限；{_TIME}"),
        "resolution": ("处理完毕时限", f"投诉处理完毕的时限；{_TIME}"),
        "survey_frequency": ("满意度调查频次", _FREQ),
        "escalation_contact": ("升级投诉对象", "如 公司总经理 姓名 电话"),
    },
    "PostWarranty": {
        "discount": ("维保合同优惠比例", _PCT),
        "parts_at_cost": ("备件按成本价", "质保期外备件是否按成本价提供"),
        "labour_free": ("免收人工费", "质保期外是否免收人工费"),
        "same_response": ("响应时限不变", "响应时限是否与质保期内相同；false 时须写 response_note"),
        "response_note": ("响应时限说明", "质保期外的响应时限说明"),
        "response": ("质保期外响应时限", f"质保期满后接到报修的响应时限；{_TIME}"),
        "support_years": ("长期技术支持年限", "质保期满后提供技术支持的年限，1–30"),
    },
    "Equipment": {
        "name": ("设备名称", "表格列名：设备名称"),
        "model": ("型号", "表格列名：型号"),
        "maker": ("制造商", "表格列名：制造商"),
        "quantity": ("数量", "表格列名：数量，至少 1"),
        "unit": ("单位", "表格列名：单位，默认“台”"),
        "location": ("安装位置", "表格列名：安装位置"),
        "spare": ("计入备件储备", "表格列名：计入备件；是/否，默认是"),
        "spares": ("整机备用数量", "储备的整机台数；不写时按备件储备比例计算"),
        "spare_parts": ("关键备件", "储备的关键部件，如 探头、电源模块"),
    },
    "Duty": {
        "activity": ("工作事项", "表格列名：工作事项"),
        "lead": ("负责岗位", "表格列名：负责岗位（△）"),
        "support": ("参与岗位", "表格列名：参与岗位（√）；多个用顿号分隔"),
        "output": ("记录或交付物", "表格列名：交付物，如《监控告警处理记录》"),
    },
    "Records": {
        "forms": ("记录表单", "交付的记录表单，如 故障处理记录表"),
        "archive_fields": ("设备档案字段", "留空用默认字段"),
    },
    "ClauseSelection": {
        "dir": ("自有条款目录", "同编号的条款覆盖内置条款，相对于本配置文件"),
        "include": ("额外启用的条款", "条款编号列表"),
        "exclude": ("不需要的条款", "条款编号列表"),
        "order": ("章节顺序", "条款族列表，如 [commitment, fault_levels, organization]"),
    },
    "Fonts": {
        "serif": ("正文字体", "宋体类，如 Noto Serif CJK SC"),
        "sans": ("标题字体", "黑体类，如 Noto Sans CJK SC"),
    },
    "Requirement": {
        "clause": ("条款号", "招标文件条款号，如 第三章 三、2"),
        "wording": ("原文", "招标文件原文；以★/▲开头即为该标记"),
        "mark": ("标记", "★ 实质性条款、▲ 重要条款"),
        "substantive": ("实质性条款", "true 等同于 ★"),
        "kind": ("类别", "只有一个量化条件时的简写：条件的类别，如 arrival"),
        "level": ("故障级别", "级别名称或序号（1、2 …）；不区分级别时省略"),
        "limit": ("限值", "招标文件要求的限值，如 1小时、2年、每季度一次"),
        "group": ("培训对象", "培训条件所指的培训对象（与课程的 audience 一致）"),
        "conditions": ("量化条件", "一条条款有多个条件时逐条列出"),
        "response": ("投标响应", "定性要求的答复，写入偏离表"),
        "note": ("说明", "偏离表“说明”列的内容"),
    },
    "Condition": {
        "kind": ("类别", "条件的类别，如 response、arrival、warranty"),
        "limit": ("限值", "招标文件要求的限值"),
        "level": ("故障级别", "级别名称或序号；不区分级别时省略"),
        "group": ("培训对象", "培训条件所指的培训对象"),
    },
    "Response": {
        "text": ("响应内容", "写入偏离表的投标响应"),
        "answered_by": ("回答位置", "方案中回答该条的条款族或条款编号"),
    },
    "DeviationTable": {
        "title": ("偏离表标题", "默认“售后服务偏离表”"),
        "columns": (
            "列",
            "number、clause、mark、requirement、response、deviation、note，或 {key: …, title: …}",
        ),
    },
    "DeviationColumn": {
        "key": ("列", "number、clause、mark、requirement、response、deviation 或 note"),
        "title": ("列标题", "替换默认列标题"),
    },
    "ScoringPoint": {
        "code": ("编号", "评分项编号，如 B3"),
        "item": ("评分项", "评分项名称"),
        "points": ("分值", "0–100"),
        "criteria": ("评分标准", "招标文件中的评分标准原文"),
        "answered_by": ("回答位置", "类别、条款族或条款编号"),
    },
}
