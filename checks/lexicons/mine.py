"""Mine lexicon terms from a LawRefBook/Laws checkout: run by a person, output reviewed and committed.

    .venv/bin/python -m normreview.checks.lexicons.mine /path/to/LawRefBook   # e.g. ../shared/laws/lawrefbook

Writes, under checks/data/lexicons/mined/:
- documents.txt: every licence, certificate, permit or proof ("…许可证", "…许可", "…证明", "…执照",
  "…证书", "…证") that the newest laws name after a verb of obtaining or holding it, with its count;
- statute-measures.yaml: the kinds of administrative penalty (行政处罚法 第九条) and of compulsory
  measure (行政强制法 第九条), item by item;
and checks/data/lexicons/statutory-licences.yaml: the licences that a law or an administrative
regulation itself requires ("应当取得…许可证", "未取得…不得", "凭…"), each with the law, article and sentence;
its hand-added `curated` entries are kept; and, in the same file under `activities`, the activities that a law or
an administrative regulation itself makes subject to 批准/许可/审批/核准/同意/登记/备案 ("…的，应当经…批准",
"…，须取得…许可证", "未经…许可，不得…"), each as the nouns that name what is done (城市道路, 林地), the verbs that
do it (占用, 挖掘), the kinds of requirement (approval, registration, filing), the law, article and sentence.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import yaml

from normreview.checks.lexicons.corpus import Law, newest_laws
from normreview.checks.yamlfile import load_yaml

OUT = Path(__file__).resolve().parent.parent / "data" / "lexicons"
# A document name is read after the verb that obtains, holds, issues or withdraws it.
VERB = r"(?:取得|领取|持有(?!效)|办理|核发|颁发|申领|申请|吊销|暂扣|注销|换发|出具|提交|提供|凭|持)"
NAME = r"([\u4e00-\u9fa5]{1,14}?(?:许可证件|许可证|经营许可|生产许可|许可|证明文件|证明|执照|证书|资格证|合格证|证))"
DOCUMENT = re.compile(VERB + NAME + r"(?=[，。；、）)和或及的后并]|$)")
# Words that make a candidate a phrase, not a name.
NOT_A_NAME = re.compile(r"[的和或及与、等其该本此各]|有关|相关|相应|规定|上述|以下|前款|依法|申请|合法|有效|必要|虚假|伪造|变造|"
                        + VERB[3:-1])
# Sentences in which a law itself requires a document before acting.
REQUIRES = re.compile(
    r"(?:应当[^。；]{0,40}?(?:取得|领取|持有|办理)|(?:颁发|发给|核发)|无(?!正当)|必?须(?:依法)?(?:取得|持有|领取)"
    r"|未(?:依法)?(?:取得|领取)|凭|持有)" + NAME + r"(?=[，。；、）)和或及的后并]|$)"
)
BINDING_LEVELS = ("法律", "行政法规")
# A ministry's rules (部门规章) implement a licence the State Council kept (典当管理办法): restating one is no new licence.
ACTIVITY_LEVELS = (*BINDING_LEVELS, "部门规章")
# Fragments the greedy reading leaves (持+有效…, 人+数符合…): not licence names.
FRAGMENT = re.compile(r"^[效人经线]|国务院|并|应当|单证|公证|听证|论证|保证|荣誉|纪念|烈士|残疾军人|退役军人")
SENTENCE = re.compile(r"[^。；\n]+[。；]?")
CN_PUNISHMENT_ITEMS = re.compile(r"（[一二三四五六七八九十]+）([^；。\n]+)")


def mine_documents(laws: list[Law]) -> tuple[Counter, dict[str, list[tuple[Law, str, str]]]]:
    counts: Counter = Counter()
    required: dict[str, list[tuple[Law, str, str]]] = defaultdict(list)
    for law in laws:
        for number, text in law.articles():
            for match in DOCUMENT.finditer(text):
                name = match.group(1)
                if len(name) < 3 or NOT_A_NAME.search(name):
                    continue
                counts[name] += 1
            if law.level not in BINDING_LEVELS:
                continue
            for sentence in SENTENCE.findall(text):
                for match in REQUIRES.finditer(sentence):
                    name = match.group(1)
                    if (len(name) >= 4 and not NOT_A_NAME.search(name) and not FRAGMENT.search(name)
                            and name.endswith(("许可证", "执照", "证书", "资格证", "合格证", "证"))):
                        required[name].append((law, number, sentence.strip()))
    return counts, required


# Activities a statute itself makes subject to an approval, a registration or a filing.
APPROVAL_WORD = r"(批准|许可证|许可|审批|核准|同意|审核|执照|证书|登记|备案|提出申请|提交申请)"  # 提出申请: asks an approval
REQUIREMENT_KIND = {"登记": "registration", "备案": "filing"}  # every other word: approval
MODAL = r"(?:应当|必须|须|应)"
SEEKS = r"(?:[^。；]{0,12}?并)?(?:依法|事先|先)?(?:经|报经|报请|报送|报|向|到|取得|申请|办理|领取|将)"
ACTIVITY_FORMS = (
    re.compile(r"(?:^|[，：])(?P<act>[^，。；：]{3,40}?)的，(?P<rest>[^。；]{0,20}?" + MODAL + SEEKS + r"[^。；]{0,80}?"
               + APPROVAL_WORD + ")"),  # …的，应当经…批准
    re.compile(r"(?:^|[，：])(?P<act>[^，。；：]{3,60}?)，(?P<rest>[^，。；]{0,10}?" + MODAL + SEEKS + r"[^。；]{0,80}?" + APPROVAL_WORD + ")"),
    re.compile(r"未经(?P<rest>[^，。；]{0,40}?" + APPROVAL_WORD + r")[^，。；]{0,6}?，[^，。；]{0,15}?不得(?P<act>[^，。；]{2,40})"),
)
# An activity phrase that is a consequence, a procedure step or a change of an approval, not a kind of work.
NOT_AN_ACTIVITY = re.compile(r"违反|拒不|情节|下列|以下|之一|罚款|处罚|改正|变更|注销|终止|解散|期满|期限|届满|逾期|符合|经审查|"
                             r"批准|未经|已经|依法|申请人|人民法院|决定|撤销|吊销|合并|分立|受理|审查")
# A consent a private person gives (经债权人同意, 经股东会决议) is no administrative approval.
PRIVATE_CONSENT = re.compile(r"债权人|债务人|股东|董事会|监事会|当事人|对方|权利人|所有权人|出租人|承租人|发包方|委托人|配偶|监护人|"
                             r"被继承人|合伙人|本人|成员|职工代表大会|业主")
# A noun that is a span of time, a count or a legal term names no activity (超过三个月, 以数据电文方式送达).
NOT_AN_OBJECT = re.compile(r"^[一二三四五六七八九十百千零〇两\d]+|个月$|^(?:法律|法规|住所地|第三人|给第三人|嫌疑人|电文|目录|国家标准|法定代表|期限|"
                           r"时间|日期|手续|名称|地址|住所)$")
# Words that name no particular activity (who acts, 活动, 业务) or only frame the phrase (需要, 确需, 包括).
# Nouns that name a field, not a kind of work (服务, 产品, 农业): never a noun of an activity.
FIELD_NOUNS = {"新建", "改建", "扩建", "新设", "建设", "设立",  # verbs jieba tags as nouns
               "服务", "产品", "物品", "货物", "设备", "工程", "资金", "信息", "数据", "经济", "文化", "农业", "工业", "行业", "商品", "客户"}
# who acts (经营者, 申请人) is no part of what is done
ACTORS = {"经营者", "生产者", "使用者", "销售者", "申请人", "个体", "工商户", "个体工商户", "从业人员", "所有人", "管理人", "承办者", "举办者",
          "用人单位", "建设单位", "施工单位", "经营单位", "生产经营单位", "当事人", "外国人", "投资者"}
GENERIC_WORDS = ACTORS | FIELD_NOUNS | {
    "单位", "个人", "任何", "其他", "有关", "活动", "业务", "企业", "组织", "公民", "法人", "机构",
    "工作", "行为", "事项", "项目", "情况", "情形", "范围", "区域", "期间", "过程", "需要", "确需",
    "进行", "开展", "实施", "办理", "申请", "取得", "包括", "确定", "属于", "所列", "及其", "中国",
    "中华人民共和国", "境内", "国家", "人民政府", "部门", "主管部门", "地方", "相应", "相关", "规定", "特殊",
    "一定", "用于", "有关部门", "设施", "场所", "方式", "条件", "标准", "数量", "规模", "公司", "地点",
    "方案", "措施", "协议", "代表", "决议", "经理", "许可", "核准", "需经", "国家有关", "合伙", "秘密",
    "礼物", "本单位", "单位内部", "文件", "材料", "资料", "内容", "技术", "备案", "前款", "许可证", "规划",
    "人员", "委托", "委员会", "登记", "批准", "同意", "审批", "手续", "履行"
}
VERB_FLAGS = ("v", "vn")  # 生产 of 疫苗生产 is one of the ways to do it, not what is done
NOUN_FLAGS = ("n", "nz", "ns", "nt", "nr")


# A noun too broad to name an activity on its own (设置…在城市…: 城市 alone is not the activity).
BROAD_NOUNS = {"城市", "农村", "地区", "城镇", "乡村", "社会", "市场", "公共", "行政区域", "用地", "国外", "境外", "外国"}
COORDINATION = re.compile(r"、|或者|以及|和|及|或")


# What a compound object ends in that names no activity of its own (拍卖企业 → 拍卖, 经营性公墓 stays).
OBJECT_TAIL = re.compile(r"(?:的)?(?:活动|业务|企业|公司|单位|机构|项目|工作)+$")


def compound_object(phrase: str, verb: str) -> list[str]:
    """The object after the last head verb, when jieba tags it as no noun (设立拍卖企业 → [拍卖], 设立典当行 → [典当行])."""
    after = phrase.split(verb, 1)[-1]
    after = re.split(r"[的、，]|或者|以及|和|及|并", after, maxsplit=1)[0]
    core = OBJECT_TAIL.sub("", after)
    return [core] if 2 <= len(core) <= 8 and core not in GENERIC_WORDS and core not in BROAD_NOUNS else []


def activity_words(phrase: str) -> list[tuple[list[str], list[str]]]:
    """The (nouns, verbs) sets that name an activity phrase: 临时占用城市道路 → [([城市道路], [占用])]; the nouns are
    what is done after the first verb (the actor before it is left out); a phrase that coordinates several objects
    (设置大型户外广告及在城市建筑物上悬挂宣传品) gives one set per object; none when it names no particular work
    (转让或者质押: no noun)."""
    import jieba.posseg

    phrase = re.sub(r"^(?:因[^，]{0,10}?需要|需要|确需|凡)", "", phrase)
    nouns, verbs, before_verb = [], [], []
    for word in jieba.posseg.cut(phrase):
        if len(word.word) < 2 or word.word in GENERIC_WORDS or not re.fullmatch(r"[\u4e00-\u9fa5]+", word.word):
            continue
        if word.flag in VERB_FLAGS:
            if not nouns:  # the head verbs: those before what is done (占用或者挖掘 城市道路), not 承包 of 承包地
                verbs.append(word.word)
        elif word.flag in NOUN_FLAGS and word.word not in nouns + before_verb and not NOT_AN_OBJECT.search(word.word):
            (nouns if verbs else before_verb).append(word.word)
    if not verbs:
        return []
    nouns = nouns or compound_object(phrase, verbs[-1]) or before_verb
    if not nouns:
        return []
    if COORDINATION.search(phrase):
        return [([noun], sorted(set(verbs))) for noun in nouns[:4] if noun not in BROAD_NOUNS]
    return [(nouns[:2], sorted(set(verbs)))]


def law_sentences(laws: list[Law], levels: tuple[str, ...]) -> Iterator[tuple[Law, str, str]]:
    """Each sentence of the articles of the laws at ``levels``, with its law and article number."""
    for law in laws:
        if law.level in levels:
            for number, text in law.articles():
                for sentence in SENTENCE.findall(text):
                    yield law, number, sentence


def mine_activities(laws: list[Law]) -> list[dict]:
    """Activities that a law or an administrative regulation makes subject to an approval, registration or filing."""
    found: dict[tuple, dict] = {}
    for law, number, sentence in law_sentences(laws, ACTIVITY_LEVELS):
        for form in ACTIVITY_FORMS:
            for match in form.finditer(sentence):
                phrase = match.group("act").strip()
                if NOT_AN_ACTIVITY.search(phrase) or PRIVATE_CONSENT.search(match.group("rest")):
                    continue
                kinds = sorted({REQUIREMENT_KIND.get(w, "approval") for w in re.findall(APPROVAL_WORD, match.group("rest"))})
                for words in activity_words(phrase):
                    add_activity(found, words, kinds, law, number, phrase, sentence)
    return [{k: v for k, v in e.items() if k != "_rank"} for e in sorted(found.values(), key=lambda e: (e["law"], e["activity"]))]


def add_activity(found: dict, words: tuple[list[str], list[str]], kinds: list[str], law: Law, number: str,
                 phrase: str, sentence: str) -> None:
    """One activity per (nouns, verbs): quoted from the highest level and shortest sentence; kinds from all."""
    key = (tuple(words[0]), tuple(words[1]))
    rank = (ACTIVITY_LEVELS.index(law.level), len(sentence))
    entry = found.get(key)
    requires = sorted(set(kinds) | set(entry["requires"] if entry else ()))
    if entry is None or rank < entry["_rank"]:
        found[key] = {"activity": phrase, "nouns": words[0], "verbs": words[1], "requires": requires, "law": law.name,
                      "article": number, "level": law.level, "quote": sentence.strip(), "_rank": rank}
    else:
        entry["requires"] = requires


# Fees, funds and charges a law or an administrative regulation itself imposes (缴纳水资源费, 交纳城市道路占用费).
FEE = re.compile(r"(?:缴纳|交纳|征收|收取|计收|缴付|缴交|加收|收缴)([\u4e00-\u9fa5]{2,12}?(?:费|基金|金))(?=[，。；、）)和或及的后并]|$)")
# A fragment (标准计征…, 机构缴纳…), a generic charge (使用费, 服务费) or a payment that is no fee (罚款, 保证金).
NOT_A_FEE = re.compile(r"[的和或及与、等其该本此各]|有关|相关|相应|规定|上述|以下|前款|依法|任何|其他|费用|罚款|滞纳金|违约金|保证金|押金|赔偿金|税|"
                       r"^(?:标准|机构|人|相当于|管理|欠缴|当年|全程|会员|一次|单一性)|"
                       # generic charges that name no particular fee, and 社会抚养费 (abolished in 2021)
                       r"^(?:使用|服务|手续|申请|登记|审查|检验|管理|通行|保险|会员|附加|补偿|防治|检疫|签证|调解|公证|注册|仓储|保育|闲置|复垦|"
                       r"倾倒|宽限)(?:费|金)$|行政事业性收费|社会抚养费")


# …or a fee the statute names as the subject of its own rule on the fee's standard or earmarked use, where it sets up the
# charge without a verb of paying (固体废物污染环境防治法 第五十八条: 建立生活垃圾处理收费制度…生活垃圾处理费应当专项用于…;
# 城市道路管理条例 第三十七条: 城市道路挖掘修复费的收费标准，由…制定; 民法典 第二百二十三条: 不动产登记费按件收取): the sentence
# opens with the fee's name.
FEE_REGULATED = re.compile(r"^\s*(?:第[一二三四五六七八九十百零]+条\s*)?([\u4e00-\u9fa5]{2,12}?(?<!经)费)"
                           r"(?=(?:应当|必须)?(?:专项用于|专款专用|(?:按|由)[^，。；]{0,10}(?:收取|征收|缴纳|计收|交纳))|的收费标准)")


def mine_fees(laws: list[Law]) -> list[dict]:
    """Fees a law or an administrative regulation itself imposes, each with its first article and sentence."""
    found: dict[str, dict] = {}
    for law, number, sentence in law_sentences(laws, BINDING_LEVELS):
        for match in (*FEE.finditer(sentence), *FEE_REGULATED.finditer(sentence)):
            name = match.group(1)
            if not NOT_A_FEE.search(name) and name not in found:
                found[name] = {"term": name, "law": law.name, "article": number, "level": law.level, "quote": sentence.strip()}
    return sorted(found.values(), key=lambda e: e["term"])


# A statute's category defined by its members (本法所称特种设备，是指…锅炉、压力容器（含气瓶）、压力管道、电梯、起重机械…):
# a draft names the member (电梯安装单位) where the statute names the category (特种设备安装…的施工单位).
CATEGORY_DEFINITION = re.compile(r"(?:本法|本条例)所称的?([\u4e00-\u9fa5]{2,10})，(?:是指|指)([^。]+)")
CATEGORY_TAIL = re.compile(r"，?(?:以及|和|及)?(?:法律、行政法规|国务院)[^，。]*(?:规定|确定)[^，。]*$")
NOT_A_MEMBER = re.compile(r"[在对由于以和或及与的等其该]|进行|活动|行为|信息|技术|安全|价值|时间|知识|技能|体力|省$|自治区$")
# Reviewed: of the categories the definitions yield, those whose members are kinds of a regulated thing; the others
# list aspects, tasks, people or places (志愿者: 时间、知识; 档案: 政治、文化; 社区矫正决定机关), or a fragment (名木: 科学).
REVIEWED_CATEGORIES = {"特种设备", "出版物", "建设工程", "烟花爆竹", "可再生能源", "粮食", "取水工程或者设施"}


def mine_categories(laws: list[Law]) -> list[dict]:
    """Categories a law or an administrative regulation defines by listing their kinds, each member with its category."""
    found: dict[str, dict] = {}
    for law, number, sentence in law_sentences(laws, BINDING_LEVELS):
        for match in CATEGORY_DEFINITION.finditer(sentence):
            category, body = match.groups()
            body = re.sub(r"[（(][^）)]*[）)]", "", CATEGORY_TAIL.split(body)[0])
            parts = body.split("、")
            if category not in REVIEWED_CATEGORIES or "，" in body or len(parts) < 3:
                continue
            parts[0] = parts[0].rsplit("的", 1)[-1]
            parts[-1] = re.split(r"等|和|及|或者|以及", parts[-1])[0]
            members = [p for p in parts if 2 <= len(p) <= 6 and re.fullmatch(r"[\u4e00-\u9fa5]+", p) and not NOT_A_MEMBER.search(p)]
            if len(members) < 3 or 3 * len(members) < 2 * len(parts):
                continue
            for member in members:
                found.setdefault(member, {"term": member, "category": category, "law": law.name, "article": number,
                                          "level": law.level, "quote": sentence.strip()})
    return sorted(found.values(), key=lambda e: (e["category"], e["term"]))


def statute_items(laws: list[Law], law_name: str, article: str) -> list[str]:
    for law in laws:
        if law.name == law_name and law.level == "法律":
            for number, text in law.articles():
                if number == article:
                    return [item.strip() for item in CN_PUNISHMENT_ITEMS.findall(text)]
    raise SystemExit(f"{law_name} {article} 不在语料中")


def main(argv: list[str]) -> None:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        raise SystemExit("用法：python -m normreview.checks.lexicons.mine <LawRefBook 目录>")
    root = Path(argv[0])
    laws = newest_laws(root)
    counts, required = mine_documents(laws)
    mined = OUT / "mined"
    mined.mkdir(parents=True, exist_ok=True)
    with (mined / "documents.txt").open("w", encoding="utf-8") as out:
        out.write(f"# Licences, certificates and proofs named in {len(laws)} laws (newest versions) of LawRefBook/Laws,\n"
                  "# after a verb of obtaining or holding them. Written by checks/lexicons/mine.py; name<TAB>count.\n")
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if count >= 2:
                out.write(f"{name}\t{count}\n")
    measures = {
        "source": "行政处罚法 第九条 and 行政强制法 第九条 (LawRefBook/Laws), item by item; written by checks/lexicons/mine.py",
        "penalty": statute_items(laws, "行政处罚法", "第九条"),
        "compulsion": statute_items(laws, "行政强制法", "第九条"),
    }
    (mined / "statute-measures.yaml").write_text(yaml.safe_dump(measures, allow_unicode=True, sort_keys=False), encoding="utf-8")
    licences = []
    for name, places in sorted(required.items(), key=lambda item: (-len(item[1]), item[0])):
        laws_named = sorted({p[0].name for p in places})
        law, number, sentence = min(places, key=lambda p: (BINDING_LEVELS.index(p[0].level), len(p[2])))
        licences.append({"term": name, "law": law.name, "article": number, "level": law.level,
                         "quote": sentence, "also_in": [n for n in laws_named if n != law.name][:5]})
    header = ("# Licences that a law or an administrative regulation itself requires: a clause that restates one\n"
              "# is not a new licence. Mined by checks/lexicons/mine.py from LawRefBook/Laws (newest versions of laws\n"
              "# and 行政法规): sentences with 应当取得/未取得…/凭…; each with the article and its sentence.\n"
              "# activities: what a law or administrative regulation itself puts under 批准/许可/登记/备案 (…的，应当经…批准;\n"
              "# 未经…许可，不得…): a draft clause that names those nouns and one of those verbs restates the requirement.\n"
              "# fees: the fees and funds a law or administrative regulation itself imposes (缴纳水资源费).\n"
              "# categories: the kinds a law or administrative regulation lists to define a category (电梯 → 特种设备).\n")
    target = OUT / "statutory-licences.yaml"
    # Entries a person added (a law that requires the licence without naming it) survive a re-run.
    curated = (load_yaml(target.read_text(encoding="utf-8")) or {}).get("curated", []) if target.exists() else []
    activities = mine_activities(laws)
    fees = mine_fees(laws)
    categories = mine_categories(laws)
    body = {"class": "statutory-licences", "source": "mined: LawRefBook/Laws, laws and administrative regulations",
            "terms": licences, "curated": curated, "activities": activities, "fees": fees, "categories": categories}
    target.write_text(header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    print(f"{len(laws)} laws; {sum(1 for c in counts.values() if c >= 2)} document names; {len(licences)} statutory licences; "
          f"{len(activities)} activities under a statutory approval, registration or filing; {len(fees)} statutory fees; "
          f"{len(categories)} members of {len({c['category'] for c in categories})} statutory categories; "
          f"{len(measures['penalty'])} penalty kinds, {len(measures['compulsion'])} compulsion kinds")


if __name__ == "__main__":
    main(sys.argv[1:])
