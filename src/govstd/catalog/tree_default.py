"""The default structure of clause 6.3.1–6.3.5 (R-6.3-1), with each category's scope."""

SYSTEM_NAME = "机关事务智慧运营标准体系"

DEFAULT_TREE: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("基础通用标准体系", "Basic and general", [
        ("标准化工作标准", "Standardization work", "为开展机关事务智慧运营标准化活动、实现标准化管理的标准"),
        ("术语与缩略语标准", "Terms and abbreviations", "内部使用的概念的指称及其定义的标准"),
        ("符号与标志标准", "Symbols and signs", "用特定文字、字母或图形描述或指代特定含义并加以规范和说明的标准"),
        ("数值数据及量和单位标准", "Numerical data, quantities and units",
         "适用于本组织管理和运行的数值数据及量和单位的标准"),
        ("测量标准", "Measurement", "组织运行和管理活动中使用的测评方法（或设备）的标准"),
    ]),
    ("运营管理标准体系", "Operations management", [
        ("规划建设标准", "Planning and construction", "用于机关事务智慧化建设的规划设计、建设部署、改造升级的标准"),
        ("组织保障标准", "Organisational support", "机关事务智慧运营的机构设置、人员分工、资源调配等标准"),
        ("管理运维标准", "Management and O&M",
         "为保障机关事务智慧化系统稳定运行而进行IT运维、设备维护、系统故障处置等标准"),
        ("用户支撑标准", "User support", "为机关事务智慧化应用的用户提供技术支持的标准"),
        ("评估改进标准", "Evaluation and improvement", "对智慧运营的管理/服务质量、满意度进行评估改进的标准"),
    ]),
    ("技术保障标准体系", "Technical support", [
        ("物联感知标准", "IoT sensing", "为机关事务智慧化系统感知事件、采集数据和传输消息的标准"),
        ("网络通信标准", "Networks and communication", "为机关事务智慧化系统提供通信传输保障的标准"),
        ("计算存储标准", "Computing and storage", "为机关事务智慧化系统提供算力和存储支撑的标准"),
        ("数据治理标准", "Data governance", "规范对数据管理和数据价值体系的治理标准"),
        ("信息安全标准", "Information security", "对机关事务智慧化系统的硬件、软件和数据进行安全防护的标准"),
        ("数字平台标准", "Digital platform",
         "机关事务智慧化系统的数字化支撑平台标准，如统一用户管理、权限管理、设备管理、数据治理等标准"),
        ("设施设备标准", "Facilities and equipment", "规定机关事务智慧化系统各类设施设备的性能、安全等技术要求的标准"),
    ]),
    ("智慧应用标准体系", "Smart applications", [
        ("智慧资管标准", "Smart asset management", "与机关公有资产管理相关的智慧应用标准"),
        ("智慧用房标准", "Smart office buildings", "与机关办公用房相关的智慧应用标准"),
        ("智慧用车标准", "Smart official vehicles", "与机关公务用车相关的智慧应用标准"),
        ("智慧用能标准", "Smart energy use", "与机关用能（包含水电气等）和节能减排相关的智慧应用标准"),
        ("智慧会议标准", "Smart meetings", "与机关会议服务相关的智慧应用标准"),
        ("智慧餐饮标准", "Smart catering", "与机关餐饮服务相关的智慧应用标准"),
        ("智慧物业标准", "Smart property services", "与机关物业服务相关的智慧应用标准"),
        ("智慧文印标准", "Smart printing", "与机关文印服务相关的智慧应用标准"),
    ]),
]
