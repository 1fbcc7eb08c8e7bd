//! The command line's `--help`, in each language: what each command and
//! option is for, and clap's headings in the user's words. Keyed by the
//! command's path (`hub import`) and, for an option, the path and its
//! name (`hub import:dry_run`); a test walks every command and option so
//! that neither language misses one.

pub struct HelpStrings {
    pub usage: &'static str,
    /// Headings over the list of commands, options and arguments.
    pub commands: &'static str,
    pub options: &'static str,
    pub arguments: &'static str,
    /// What the usage line calls "some options" and "a command".
    pub some_options: &'static str,
    pub a_command: &'static str,
    /// What `-h` and `-V` do.
    pub help: &'static str,
    pub version: &'static str,
    /// Placeholders for values, by clap's name for them (`FILE`).
    pub value_names: &'static [(&'static str, &'static str)],
    /// Each command's and option's description.
    pub texts: &'static [(&'static str, &'static str)],
}

impl HelpStrings {
    /// The description for a command path or `path:option`; empty when
    /// the table has none (the completeness test forbids it).
    pub fn text(&self, key: &str) -> &'static str {
        self.texts
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, text)| *text)
    }

    /// A value's placeholder in the user's words (clap's own when unknown).
    pub fn value_name(&self, name: &str) -> Option<&'static str> {
        self.value_names
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, words)| *words)
    }
}

pub static ZH: HelpStrings = HelpStrings {
    usage: "用法：",
    commands: "命令",
    options: "选项",
    arguments: "参数",
    some_options: "选项",
    a_command: "命令",
    help: "显示帮助",
    version: "显示版本号",
    value_names: &[
        ("PATH", "路径"),
        ("NAME", "名称"),
        ("FILE", "文件"),
        ("FILES", "文件"),
        ("TEXT", "文字"),
        ("FROM", "起始日期"),
        ("TO", "截止日期"),
        ("DAY", "日期"),
        ("FORMAT", "格式"),
        ("REGISTER", "登记簿"),
        ("DAYS", "天数"),
        ("STATION_CODE", "站码"),
        ("STATION_NAME", "名称"),
        ("CODE", "站码"),
        ("LANG", "语言"),
        ("WHAT", "内容"),
        ("USER", "姓名"),
        ("SHEET", "工作表"),
        ("ANCHOR", "锚码"),
        ("REASON", "原因"),
        ("THEME", "主题"),
    ],
    texts: &[
        ("", "联络站值班台：人大代表联络站离线值班登记系统"),
        (":db", "数据库文件路径（默认在系统数据目录中）"),
        (
            ":theme",
            "主题：default、light、high-contrast，或配置目录 themes/ 中的自定义主题",
        ),
        (":lang", "界面语言：zh（简体中文，默认）或 en"),
        ("init", "首次设置：填写联络站站码和名称"),
        ("init:station_code", "站码，如 HD01（用于登记编号）"),
        ("init:station_name", "联络站名称"),
        ("demo", "生成演示数据（只能用于空数据库）"),
        ("demo:days", "生成多少天的接待记录（1 到 3660）"),
        (
            "check",
            "检查数据库完整性、数据版本、审计日志，以及登记记录是否在本程序之外被改动（只读，不改动文件）",
        ),
        (
            "audit",
            "审计日志：verify 逐条核对校验链，指出不一致或缺失的记录；anchor 显示可抄在纸上的锚码",
        ),
        (
            "audit verify",
            "重新计算审计日志的校验链，指出第一条不一致或缺失的记录",
        ),
        (
            "audit verify:anchor",
            "核对一个记在纸上的锚码（如 1227-3F9A0C5D21B7）：这一条仍在且其后各条相连",
        ),
        (
            "audit anchor",
            "显示审计日志当前的锚码（最新一条的序号和校验值前 12 位），可抄在纸上留存",
        ),
        (
            "report",
            "统计报表：某一期间的接待批次、人次、办理情况和各项比率；或用 --day 出某一天的日结",
        ),
        ("report:from", "起始日期，如 2026-01-01"),
        ("report:to", "截止日期（含当天），如 2026-12-31"),
        (
            "report:day",
            "某一天的日结（批次、人次、件数、处理方式、按类别和按代表、未完成草稿），如 2026-11-10",
        ),
        (
            "report:format",
            "输出格式：text（文字，默认）、json、csv，或 xlsx（工作簿：汇总、分类、代表、各月，附图表；一个期间或 --day 的一天）",
        ),
        (
            "report:output",
            "写到这个文件，不在屏幕上显示（任何格式；xlsx 不写 -o 时默认在当前文件夹，如 HD01_接待工作统计_2026.xlsx）；写成的文件记入审计日志",
        ),
        (
            "export",
            "导出登记簿：Excel（.xlsx）或 CSV（带 BOM 的 UTF-8）；电话号码默认隐去中间四位",
        ),
        (
            "export:register",
            "登记簿：reception、handling、activities、study、duty_record、roster（或其中文名称）",
        ),
        ("export:from", "起始日期，如 2026-01-01（默认本月第一天）"),
        ("export:to", "截止日期（含当天），如 2026-12-31（默认今天）"),
        ("export:format", "文件格式：xlsx（默认）或 csv"),
        (
            "export:output",
            "输出文件（默认在当前文件夹，按站码、登记簿和期间命名，如 HD01_接待选民登记簿_2026-11.xlsx）",
        ),
        (
            "export:user",
            "导出人（值班台用户的姓名，须为秘书或管理员）；密码从环境变量 LIAISON_DESK_PIN 读取，未设置时在终端输入",
        ),
        (
            "export:full",
            "电话号码完整显示（默认隐去中间四位），须同时用 --reason 写明原因",
        ),
        ("export:reason", "完整导出的原因（记入审计日志）"),
        (
            "import",
            "导入接待登记：Excel/WPS 工作簿或 CSV 文件（如站里原来的登记簿）：全部通过才导入，已有的登记跳过",
        ),
        ("import:what", "导入什么：receptions（接待登记）"),
        (
            "import:file",
            "登记簿文件：Excel/WPS 工作簿（.xlsx、.xls、.et、.ods）或 CSV（UTF-8 或 GBK；表头行之上可有标题行）",
        ),
        (
            "import:sheet",
            "工作簿中要导入的工作表名（默认找有登记簿表头的那一个）",
        ),
        (
            "import:dry_run",
            "只检查并列出将新建的登记、新代表、新承办单位和不能导入的行，不写入数据库",
        ),
        (
            "purge",
            "到期清除联系方式：结案满保留期（设置中，默认 24 个月）后，隐去来访人姓名、电话、住址和身份证号；反映内容和统计数字不变",
        ),
        ("purge:dry_run", "只列出将被清除的登记，不写入数据库"),
        (
            "purge:user",
            "执行人（值班台用户的姓名，须为秘书或管理员）；实际清除时必填，密码同 export",
        ),
        (
            "backup",
            "备份数据库（运行中也可备份）；默认存入数据库旁的 backups 文件夹，保留最近 30 份",
        ),
        ("backup:output", "备份到这个文件（不轮换）"),
        (
            "restore",
            "从备份恢复：先检查备份文件，并把当前数据库另存为一份备份；须由管理员执行",
        ),
        ("restore:file", "备份文件"),
        (
            "restore:user",
            "执行人（值班台管理员的姓名）；当前数据库有用户时必填，密码同 export",
        ),
        (
            "restore:other_station",
            "允许恢复另一个联络站的备份（站码或编号不同）；当前的用户仍保留",
        ),
        (
            "bundle",
            "写出上报数据包（签名）：交给街道、乡镇联络站或县人大汇总；不含来访人联系方式，代表电话隐去中间四位",
        ),
        ("bundle:output", "数据包文件，如 HD01_上报_2026-12.ldb"),
        (
            "bundle:user",
            "写出人（值班台用户的姓名，须为秘书或管理员）；密码同 export",
        ),
        (
            "bundle:from",
            "只含这一天起的接待、活动、学习和值班（默认全部历史，丢失一个数据包也不留缺口）",
        ),
        ("bundle:to", "只含到这一天为止的（含当天）"),
        (
            "bundle:with_contacts",
            "含来访人的姓名、电话、住址和身份证号，须同时用 --reason 写明原因（记入审计日志）",
        ),
        ("bundle:reason", "含联系方式的原因"),
        (
            "hub",
            "汇总站：设立（init）、导入各站的数据包（import）、解除重新安装的站点的密钥（forget）、从副本重算保存的数字（refresh）",
        ),
        (
            "hub init",
            "把这个（新的）数据库设为汇总站：街道、乡镇联络站或县人大接收各站的数据包",
        ),
        ("hub init:code", "汇总站的站码"),
        ("hub init:name", "汇总站的名称"),
        (
            "hub import",
            "核对签名并导入联络站的数据包（每个一个事务）；同一个数据包再导入不会改动任何内容",
        ),
        ("hub import:files", "数据包文件（可多个）"),
        (
            "hub import:dry_run",
            "只核对并列出各站将新增和更新的内容，不写入",
        ),
        (
            "hub forget",
            "解除一个站码已登记的密钥（该站重新安装后）；须由管理员执行",
        ),
        ("hub forget:code", "站码"),
        (
            "hub forget:user",
            "执行人（汇总站管理员的姓名）；密码同 export",
        ),
        (
            "hub refresh",
            "从各站副本重新算出汇总站保存的统计数字和督办案件（check 发现它们被改动过时）",
        ),
    ],
};

pub static EN: HelpStrings = HelpStrings {
    usage: "Usage: ",
    commands: "Commands",
    options: "Options",
    arguments: "Arguments",
    some_options: "OPTIONS",
    a_command: "COMMAND",
    help: "Show this help",
    version: "Show the version",
    value_names: &[
        ("FILES", "FILE"),
        ("CODE", "STATION_CODE"),
        ("USER", "NAME"),
    ],
    texts: &[
        (
            "",
            "Liaison Desk: the offline duty desk of a people's-congress deputy liaison station",
        ),
        (
            ":db",
            "The database file (by default in the system's data folder)",
        ),
        (
            ":theme",
            "Theme: default, light, high-contrast, or your own in the config folder's themes/",
        ),
        (
            ":lang",
            "Interface language: zh (Simplified Chinese, the default) or en",
        ),
        ("init", "First set-up: the station's code and name"),
        (
            "init:station_code",
            "Station code, e.g. HD01 (used in register numbers)",
        ),
        ("init:station_name", "The station's name"),
        ("demo", "Make demonstration data (an empty database only)"),
        (
            "demo:days",
            "How many days of receptions to make (1 to 3660)",
        ),
        (
            "check",
            "Check the database's integrity, its data version, the audit log, and whether registers were changed outside this program (reads only)",
        ),
        (
            "audit",
            "The audit log: verify checks the chain entry by entry; anchor shows a code to copy on paper",
        ),
        (
            "audit verify",
            "Work out the audit log's chain again and name the first entry that does not match or is missing",
        ),
        (
            "audit verify:anchor",
            "Check an anchor written on paper (e.g. 1227-3F9A0C5D21B7): that entry is still there and the later ones follow it",
        ),
        (
            "audit anchor",
            "Show the audit log's current anchor (the newest entry's number and the first 12 characters of its hash) to keep on paper",
        ),
        (
            "report",
            "Statistics for a period: batches, persons, handling and rates; or a day's closing figures with --day",
        ),
        ("report:from", "First day, e.g. 2026-01-01"),
        ("report:to", "Last day (included), e.g. 2026-12-31"),
        (
            "report:day",
            "One day's closing figures (batches, persons, cases, routes, by category and deputy, unfinished drafts), e.g. 2026-11-10",
        ),
        (
            "report:format",
            "Output: text (the default), json, csv, or xlsx (a workbook with summary, categories, deputies, months and charts; for a period, or the one day of --day)",
        ),
        (
            "report:output",
            "Write to this file instead of the screen (any format; without -o an xlsx goes in the current folder, e.g. HD01_接待工作统计_2026.xlsx); the file is logged in the audit log",
        ),
        (
            "export",
            "Export a register: Excel (.xlsx) or CSV (UTF-8 with BOM); phone numbers have their middle four digits hidden by default",
        ),
        (
            "export:register",
            "Register: reception, handling, activities, study, duty_record, roster (or its Chinese name)",
        ),
        (
            "export:from",
            "First day, e.g. 2026-01-01 (by default the first of this month)",
        ),
        (
            "export:to",
            "Last day (included), e.g. 2026-12-31 (by default today)",
        ),
        ("export:format", "File format: xlsx (the default) or csv"),
        (
            "export:output",
            "Output file (by default in the current folder, named by station, register and period)",
        ),
        (
            "export:user",
            "Who exports (a desk user's name, secretary or administrator); the PIN is read from LIAISON_DESK_PIN or asked for at the terminal",
        ),
        (
            "export:full",
            "Phone numbers in full (masked by default); needs --reason",
        ),
        (
            "export:reason",
            "Why the export is in full (written to the audit log)",
        ),
        (
            "import",
            "Import receptions from an Excel/WPS workbook or a CSV file (such as the station's old register): all rows pass or nothing is imported; receptions already there are skipped",
        ),
        ("import:what", "What to import: receptions"),
        (
            "import:file",
            "The register file: an Excel/WPS workbook (.xlsx, .xls, .et, .ods) or CSV (UTF-8 or GBK; a title row above the headings is allowed)",
        ),
        (
            "import:sheet",
            "The sheet to import (by default the one with a register's headings)",
        ),
        (
            "import:dry_run",
            "Only check, and list the receptions, deputies and departments that would be made and the rows that cannot be imported; write nothing",
        ),
        (
            "purge",
            "Clear contact details when due: once a case has been closed for the retention period (a setting, 24 months by default), hide the visitor's name, phone, address and ID number; content and figures stay",
        ),
        (
            "purge:dry_run",
            "Only list the receptions that would be cleared; write nothing",
        ),
        (
            "purge:user",
            "Who clears (a desk user's name, secretary or administrator); needed unless --dry-run, PIN as for export",
        ),
        (
            "backup",
            "Back up the database (also while it is in use); by default into the backups folder beside it, keeping the latest 30",
        ),
        ("backup:output", "Back up to this file (no rotation)"),
        (
            "restore",
            "Restore from a backup: the backup is checked first and the current database is kept as a backup; administrators only",
        ),
        ("restore:file", "The backup file"),
        (
            "restore:user",
            "Who restores (a desk administrator's name); needed when the database has users, PIN as for export",
        ),
        (
            "restore:other_station",
            "Allow a backup of another station (another code or id); the current users are kept",
        ),
        (
            "bundle",
            "Write a signed report bundle for the town, township or county hub; no visitor contact details, deputies' phones masked",
        ),
        (
            "bundle:output",
            "The bundle file, e.g. HD01_上报_2026-12.ldb",
        ),
        (
            "bundle:user",
            "Who writes it (a desk user's name, secretary or administrator); PIN as for export",
        ),
        (
            "bundle:from",
            "Only receptions, activities, study and duty from this day (by default the whole history, so that a lost bundle leaves no gap)",
        ),
        ("bundle:to", "Only up to this day (included)"),
        (
            "bundle:with_contacts",
            "Include visitors' names, phones, addresses and ID numbers; needs --reason (written to the audit log)",
        ),
        ("bundle:reason", "Why contact details are included"),
        (
            "hub",
            "A hub: set it up (init), import the stations' bundles (import), release the key of a station that reinstalled (forget), work out again what it keeps from the copies (refresh)",
        ),
        (
            "hub init",
            "Make this (new) database a hub that receives the stations' bundles: a town, township or county",
        ),
        ("hub init:code", "The hub's code"),
        ("hub init:name", "The hub's name"),
        (
            "hub import",
            "Check the signatures and import station bundles (one transaction each); importing the same bundle again changes nothing",
        ),
        ("hub import:files", "Bundle files (one or more)"),
        (
            "hub import:dry_run",
            "Only check, and list per station what would be new and changed; write nothing",
        ),
        (
            "hub forget",
            "Release the key registered for a station code (after the station reinstalled); administrators only",
        ),
        ("hub forget:code", "Station code"),
        (
            "hub forget:user",
            "Who releases it (a hub administrator's name); PIN as for export",
        ),
        (
            "hub refresh",
            "Work out again from the stations' copies the figures and 督办 cases the hub keeps (when check finds them changed)",
        ),
    ],
};
