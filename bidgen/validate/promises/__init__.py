"""Find every promised time or period in Chinese proposal text, and classify it.

A promise is a figure (a duration, a frequency, a number of years or course
hours, a service window) that a *kind word* claims: "15分钟内**响应**",
"**到场时间**不超过2小时", "**质保期**为三年", "每季度一次**巡检**". A figure
with no kind word nearby is not a promise and is not reported.

How a text is read
==================

1. **Fold** (``core.quantities.fold_with_offsets``): NFKC per character (full-width
   "２小时" → "2小时", "，" → ","), a few look-alikes and traditional characters,
   traditional script simplified (OpenCC, a line at a time, character for
   character), whitespace dropped ("30 分钟" → "30分钟"), and explicit repairs
   (``core.quantities.fold_and_repair``): doubled digits ("1515 分钟" → 15分钟,
   recorded in ``Promise.repaired``), pinyin glosses ("响应(yīng)") and page
   footers dropped, 效劳 read as 服务. Every folded character keeps
   the index of the original character it came from, so a span found in the
   folded text maps back to the exact original text: ``quote`` is
   ``text[start:end]`` of the input, before any normalisation.
2. **Mask** what is never a promise: dates (2026年11月20日, 2026-11-20, years
   like 2026年), clock times (8:30, 17点), phone numbers, ordinals (第3天,
   第1部分), percentages, version and standard numbers (GB/T 28827.1-2012);
   inside 《书名》 only the digits are masked (the words still count).
3. **Figures**, in this order, each pass blind to the previous ones' spans:
   service windows (7×24小时, 7*24, 5×8, 全天候), frequencies (每季度一次,
   每年4次, 每半年巡检一次, 一年两次, 4次/年), course hours (16课时, 16学时),
   durations (30分钟, 半小时, 一个半小时, 1.5小时, 2h, 30min, 3个工作日, 两周,
   6个月, 3年). A range ("1-2天", "2～4小时", "1至2个工作日") is one figure
   whose value is its **upper bound**: that is what the bidder can be held to.
   "个月" counts as a duration (30 days) and, for warranty words, as years/12.
4. **Not a promise** even next to a kind word (figure dropped):
   a condition ("中断超过30分钟", "10分钟以上", "4小时内无法修复的"), a point in
   time ("2小时后", "1日前"), an interval ("每2小时"), a travel time ("车程约
   30分钟", "30分钟路程"), a tender requirement being quoted ("招标文件要求2小时",
   "优于…2小时"), a window that belongs to one activity (see ``figures._QUALIFIED``:
   "驻场5×8小时", "7×24小时监控"), and "24小时" as availability ("24小时服务").
   (modules ``scan`` and ``figures``)
5. **Kind** (``classify``). Course hours are always ``training_hours`` and windows
   always ``service_hours`` (the one kind of their value type, with no words).
   Otherwise the kind comes from the words of each kind in
   :mod:`bidgen.core.kinds` (compiled by ``keywords``), searched in the
   figure's clause segment only (bounded by
   ，。；、|！？ and line breaks, and never past a neighbouring figure, so a
   keyword of the next clause cannot steal the figure). Precedence:

   a. "分别/依次" lists: "响应、到场、解决时间分别为15分钟、1小时、4小时" pair the
      kind words (or the levels) before 分别 with the figures in order; if the
      counts differ the figures are dropped rather than guessed.
   b. The nearest keyword **after** the figure (within 16 characters):
      Chinese puts the verb after the time ("30分钟内响应").
   c. Else the nearest keyword **before** it (within 20 characters): "响应时间：
      30分钟", "到场时间不超过2小时". A keyword followed by 后/前/起 ("故障排除后",
      "到达现场后", "质保期满后") is the moment the time is counted from, not
      its kind: it is passed over ("故障报告在故障排除后2个工作日内提交" is a
      report).
   d. Among keywords at the same place: a keyword that needs a topic (投诉…,
      培训…, 升级…, 停产…, 备件…) beats a plain one; a longer one beats a
      shorter one it contains ("巡检报告" over "巡检", "满意度回访" over
      "回访"); a keyword whose kind cannot take the figure's value (巡检报告 is
      a deadline, not a frequency) still claims its place.
   e. Else a label before a colon earlier in the sentence, if no other keyword
      follows it: "响应时限：一级故障≤15分钟；二级故障≤30分钟" (both responses).

   A warranty figure next to a part (部件/易损件/探头/硒鼓…) is that part's
   warranty, not ``warranty.years``, and is dropped.

6. **Level** (``levels``; fault kinds only: response, arrival, resolution, replacement,
   report): the nearest level mention before the figure in its clause segment,
   else the first one after it in that segment ("15分钟内响应（一级故障）"),
   else the nearest one earlier in the sentence (。！？ or a line break, so
   "一级故障：15分钟内响应，1小时内到达现场" gives both to level 1).
   "其他/所有/各级故障" cuts the search (no level). A list or range
   ("一、二级故障", "一至三级", "二级及以上") gives one promise per level.
   Level positions are strings "1", "2" …

   Without a profile only **numbered** levels are recognised: 一级/二级…
   (故障|事件|问题 or alone before a colon or at a cell end), 1级, I/II/III/IV级
   (and Ⅰ Ⅱ Ⅲ Ⅳ), A/B/C/D类 (A = 1), P1–P4. Word-named levels are not
   guessed: 紧急/严重/一般/重大 mean different positions in different schemes
   (重大 is level II in the national 特别重大/重大/较大/一般 scheme, 严重 is
   first or second), so they need the profile's ``level_names``. With
   ``level_names`` every name (and its short form without 故障/事件, e.g.
   "紧急") gives its position.

Kinds
=====

The kinds, their labels, value types and words are THE table in
:mod:`bidgen.core.kinds`; what each is compared with in the profile:

=====================  ========================================  ==========
kind                   profile field                             value
=====================  ========================================  ==========
response               fault_levels[].response                   duration
arrival                fault_levels[].arrival                    duration
resolution             fault_levels[].resolution                 duration
replacement            fault_levels[].replacement                duration
report                 fault_levels[].report                     duration
hotline_reply          service.hotline_answer                    duration
callback               service.followup                          duration
health_check           service.health_check                      frequency
upgrade_notice         service.upgrade_notice                    duration
inspection             inspection.frequency                      frequency
inspection_report      inspection.report_within                  duration
spare_delivery         spare_parts.delivery                      duration
eol_notice             spare_parts.eol_notice                    duration
retraining             training.retraining                       frequency
training_followup      training.followup_within                  duration
training_hours         training.courses[].hours (total: 共/合计)   course hours
drill                  emergency.drill_frequency                 frequency
notify                 emergency.report_within                   duration
summary                emergency.summary_within                  duration
complaint_response     complaints.first_contact                  duration
complaint_resolution   complaints.resolution                     duration
survey                 complaints.survey_frequency               frequency
warranty               warranty.years                            years
support_years          post_warranty.support_years               years
service_hours          service.hours                             window
=====================  ========================================  ==========

``support_years`` ("停产后8年内提供备件", "质保期满后继续提供5年维修服务",
"支持期限为八年") is only read when the text (the paragraph) speaks of 停产 or of the
warranty's end (质保期满/质保期外/质保期届满); otherwise a bare "N年" is never a promise.
"给出处理结果" is always a complaint's resolution (the clause convention), so a
complaints sentence that does not repeat 投诉 is still read right.

Also read (modules ``weak`` and ``availability``): promises without a figure
("第一时间响应", "按采购人要求的时间到达", "与质保期内的响应时间相同") and
round-the-clock / office-hours-only statements, for rules BG205 and BG208. Words
around a figure are searched at most ``scan.REACH`` characters away, so the reader
is linear in the input, however long its lines.

Tables (``tables``): :func:`extract_from_table` reads a row with its header. Columns whose
header is a definition (定义/描述/现象/示例…) are skipped, columns quoting the
tender (招标要求/采购需求…) are not promises but lend their words (kind and
level) to the row, a level column (故障级别/等级) gives the row's level, a
header kind word ("响应时间") classifies a bare figure below it, and a header
unit ("课时", "（小时）") turns a bare number into a figure.
"""

from bidgen.validate.promises.availability import ServiceTime, find_availability
from bidgen.validate.promises.extract import Promise, extract_promises
from bidgen.validate.promises.levels import LevelFinder
from bidgen.validate.promises.tables import extract_from_table
from bidgen.validate.promises.weak import WeakPromise, extract_weak

__all__ = [
    "LevelFinder",
    "Promise",
    "ServiceTime",
    "WeakPromise",
    "extract_from_table",
    "extract_promises",
    "extract_weak",
    "find_availability",
]
