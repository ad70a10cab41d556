"""The district's provider departments: names, codes and document-number prefixes."""

from __future__ import annotations

from dataclasses import dataclass

from xinyong.credit.demo.codes import AREA, make_uscc


@dataclass(frozen=True)
class Department:
    """A provider department of the district; `prefix` starts its document numbers."""

    key: str
    name: str
    org: str  # the first 8 characters of its organisation code (GB 11714)
    prefix: str
    uscc: str = ""  # given when the code is already known (the tests' market bureau)


DEPARTMENTS = (
    Department("market", "淄博市周村区市场监督管理局", "", "周市监", "113703060041892032"),
    Department("tax", "国家税务总局淄博市周村区税务局", "MB1C8726", "淄周税"),
    Department("safety", "淄博市周村区应急管理局", "MB1F5431", "周应急"),
    Department("ecology", "淄博市生态环境局周村分局", "MB1E2968", "淄环周"),
    Department("labour", "淄博市周村区人力资源和社会保障局", "00418936", "周人社"),
    Department("housing", "淄博市周村区住房和城乡建设局", "00418944", "周建"),
    Department("court", "山东省淄博市周村区人民法院", "00419012", "鲁0306"),
    Department("reform", "淄博市周村区发展和改革局", "00418901", "周发改"),
    Department("civil", "淄博市周村区民政局", "00418952", "周民"),
    Department("culture", "淄博市周村区文化和旅游局", "MB1D0357", "周文旅"),
    Department("health", "淄博市周村区卫生健康局", "MB1D0461", "周卫"),
    Department("urban", "淄博市周村区综合行政执法局", "MB1G3870", "周综执"),
    Department("police", "淄博市公安局周村分局", "00419063", "周公"),
    Department("transport", "淄博市周村区交通运输局", "00418979", "周交"),
    Department("land", "淄博市自然资源局周村分局", "MB1E3702", "周自然"),
    Department("staffing", "中共淄博市周村区委机构编制委员会办公室", "00418928", "周编"),
)

DEPARTMENTS_BY_KEY = {department.key: department for department in DEPARTMENTS}


def department_uscc(department: Department) -> str:
    return department.uscc or make_uscc("11" + AREA, department.org)
