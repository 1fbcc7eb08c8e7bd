//! Words of the command line's safety checks: paths refused, PINs, the
//! audit chain's anchor and what `check` finds. Kept apart from the
//! screens' words; both languages side by side so that one cannot miss
//! a sentence the other has.

use super::Template;

pub struct CommandStrings {
    pub no_terminal: &'static str,
    pub terminal_failed: Template<1>,
    pub pin_no_terminal: &'static str,
    pub pin_malformed: &'static str,
    pub print_footer: &'static str,
    pub report_summary_sheet: &'static str,
    pub report_months_sheet: &'static str,
    pub report_overdue_sheet: &'static str,
    pub overdue_columns: [&'static str; 7],
    pub report_month: &'static str,
    pub deputy_columns: [&'static str; 10],
    pub rate_definitions: [(&'static str, &'static str); 5],
    pub report_saved: Template<1>,
    pub report_file_name: Template<3>,
    pub exports_folder: &'static str,
    pub hint_save_workbook: &'static str,
    pub hint_add_row: &'static str,
    pub hint_remove_row: &'static str,
    pub signature_recorder: &'static str,
    pub signature_reviewer: &'static str,
    pub bad_value_plain: Template<2>,
    pub output_unwritten: &'static str,
    pub init_exists: Template<2>,
    pub restore_needs_admin: &'static str,
    pub restore_users_kept: Template<1>,
    pub restore_no_file: &'static str,
    pub other_station_same_code: Template<1>,
    pub other_station: Template<2>,
    pub disk_full: &'static str,
    pub disk_io: &'static str,
    pub working: [&'static str; 6],
    pub changed_by: Template<2>,
    pub network_refused: Template<1>,
    pub network_read_only: Template<1>,
    pub network_kinds: [&'static str; 5],
    pub open_no_file: &'static str,
    pub open_is_folder: &'static str,
    pub open_empty: &'static str,
    pub damaged: &'static str,
    pub damaged_home: &'static str,
    pub restored_sign_in: &'static str,
    pub export_target_database: Template<1>,
    pub export_target_sqlite: Template<1>,
    pub export_target_folder: Template<1>,
    pub export_part_exists: Template<1>,
    pub copies_folder_taken: Template<1>,
    pub backup_target_database: Template<1>,
    pub backup_target_exists: Template<1>,
    pub backup_target_folder: Template<1>,
    pub target_not_a_file: Template<1>,
    pub export_disk_full: &'static str,
    pub export_write_failed: Template<1>,
    pub audit_missing_range: Template<2>,
    pub audit_missing_one: Template<1>,
    pub audit_newest_missing: Template<4>,
    pub digest_anchor: Template<1>,
    pub signed_anchor: Template<1>,
    pub anchor_line: Template<3>,
    pub anchor_empty: &'static str,
    pub anchor_but_earlier: &'static str,
    pub anchor_broken_after: Template<1>,
    pub audit_rewritten: Template<2>,
    pub head_counter: &'static str,
    pub head_sign_off: Template<1>,
    pub head_backup: Template<1>,
    pub head_restore: &'static str,
    pub anchor_bad_code: Template<1>,
    pub anchor_ok: Template<3>,
    pub anchor_missing: Template<2>,
    pub anchor_differs: Template<3>,
    pub check_trigger_missing: Template<2>,
    pub check_trigger_changed: Template<2>,
    pub trigger_keeps_log: &'static str,
    pub trigger_keeps_counts: &'static str,
    pub check_counts_wrong: Template<3>,
    pub check_counts_ok: &'static str,
    pub check_case_invalid: Template<2>,
    pub check_cases_ok: &'static str,
    pub check_old_schema: Template<1>,
    pub import_duplicate_heading: Template<1>,
    pub import_unbalanced_quote: Template<1>,
    pub import_too_large: Template<1>,
    pub import_no_such_sheet: Template<2>,
    pub import_which_sheet: Template<1>,
    pub import_bad_workbook: Template<1>,
    pub import_read_sheet: Template<1>,
    pub import_read_gbk: &'static str,
    pub import_cannot_read: Template<2>,
    pub import_file_changed: Template<1>,
    pub io_not_found: &'static str,
    pub io_no_access: &'static str,
    pub io_is_folder: &'static str,
    pub io_other: Template<1>,
    pub case_reply_missing: &'static str,
    pub case_closed_date_missing: &'static str,
    pub case_callback_without_reply: &'static str,
    pub case_unknown_status: &'static str,
}

pub static ZH: CommandStrings = CommandStrings {
    no_terminal: "值班台界面需要在终端（命令行窗口）中打开，这里没有终端。在脚本中请用子命令，如 liaison-desk check；用法见 liaison-desk --help。",
    terminal_failed: Template::new(
        "终端出错，值班台已退出（系统错误码 {}）。已保存的内容不受影响，请重新打开。",
    ),
    pin_no_terminal: "需要输入密码，但这里没有终端可以输入。请在终端中运行，或用环境变量 LIAISON_DESK_PIN 提供密码。这次不算输错密码。",
    output_unwritten: "结果无法写出（磁盘已满，或输出已关闭），命令没有完成。",
    bad_value_plain: Template::new("“{}”不是 {} 可用的值（见 --help 中该参数的说明）。"),
    print_footer: "第 &P 页，共 &N 页",
    report_summary_sheet: "汇总",
    report_months_sheet: "按月",
    report_overdue_sheet: "超期案件",
    overdue_columns: [
        "编号",
        "受理日期",
        "类别",
        "反映内容摘要",
        "承办单位",
        "答复期限",
        "超期天数",
    ],
    report_month: "月份",
    deputy_columns: [
        "代表",
        "值班天数",
        "年度目标",
        "接待批次",
        "年度目标",
        "参加活动",
        "年度目标",
        "参加学习",
        "年度目标",
        "接待人次",
    ],
    rate_definitions: [
        (
            "解决率",
            "（现场答复 + 答复评为 A 的件数）÷（件数 − 不予受理）",
        ),
        (
            "按期答复率",
            "期限内答复的件 ÷ 已答复的件（交办、转办和转为代表建议的件）",
        ),
        ("答复率", "已答复的件 ÷ 交办、转办和转为代表建议的件"),
        ("回访率", "已回访的件 ÷ 已答复的件"),
        ("满意率", "回访满意和基本满意的件 ÷ 已回访的件"),
    ],
    report_saved: Template::new("统计报表已写入：{}"),
    report_file_name: Template::new("{}_接待工作统计_{}_{}.xlsx"),
    exports_folder: "导出",
    hint_save_workbook: "存为工作簿",
    hint_add_row: "加一行",
    hint_remove_row: "删除本行",
    signature_recorder: "记录人：________________",
    signature_reviewer: "审核人：________________",
    pin_malformed: "环境变量 LIAISON_DESK_PIN 的值不是 4 到 8 位数字，请检查脚本。这次不算输错密码。",
    init_exists: Template::new(
        "这个数据库已经设置为联络站“{}”（{}），没有改动（已登记和签发的记录属于这个联络站）。新建联络站请用 --db 指定一个新文件。",
    ),
    restore_needs_admin: "恢复会替换整个数据库，须由管理员执行：请用 --user 写明管理员的姓名（密码同 export）。",
    restore_no_file: "找不到这个备份文件",
    other_station_same_code: Template::new(
        "这份备份的站码也是 {}，但它属于另一个联络站的数据库（不是由这个数据库备份出来的）。确需恢复请加 --other-station。",
    ),
    restore_users_kept: Template::new("恢复的备份中缺少 {} 位当前用户，已保留他们的账户和密码。"),
    other_station: Template::new(
        "这份备份属于另一个联络站（站码 {}），当前数据库是站码 {}。确需恢复请加 --other-station。",
    ),
    disk_full: "磁盘已满，没有写入。请清理磁盘空间后重试。",
    network_refused: Template::new(
        "数据库在网络共享文件夹上（{}）。两台电脑同时写同一个共享文件会损坏登记簿，所以值班台不在这里写入。安全的做法：一、数据库只放在值班台电脑的本机磁盘上；二、秘书的电脑通过 SSH 登录值班台电脑使用（见说明“一站两机”）；三、已在共享文件夹里的数据库，用 liaison-desk --db 共享路径 backup -o 本机路径 复制回本机，再用 --db 指定本机路径。",
    ),
    network_read_only: Template::new(
        "注意：数据库在网络共享文件夹上（{}），这次只读取、不写入。请尽快把数据库放回值班台电脑的本机磁盘（见说明“一站两机”）。",
    ),
    network_kinds: [
        "NFS",
        "Windows 共享 SMB/CIFS",
        "9p",
        "sshfs 等远程挂载",
        "网络文件系统",
    ],
    changed_by: Template::new(
        "这个案件刚被 {} 在 {} 办理过，您看到的已不是最新情况；没有重复办理。请看一下最新状态后再操作。",
    ),
    working: [
        "正在检查数据库……",
        "正在备份……",
        "正在恢复……",
        "正在读取和导入……",
        "正在清除到期的联系方式……",
        "正在生成演示数据……",
    ],
    disk_io: "读写磁盘出错，这次没有写入。请检查磁盘或 U 盘是否还连着、是否已满，然后重试；若一再出现，请运行 liaison-desk check。",
    open_no_file: "没有这个数据库文件（这个命令不会新建数据库；新建联络站请用 liaison-desk init，新建汇总站请用 liaison-desk hub init）",
    open_is_folder: "这是一个文件夹，不是数据库文件",
    open_empty: "这是一个空文件（0 字节），不是值班台数据库",
    damaged: "数据库文件有损坏（快速检查未通过），为免损坏扩大，没有写入任何内容。请从备份恢复：先关闭值班台，把数据库文件连同旁边的 -wal、-shm 文件一起改名保存（如改成 desk-损坏.db），再运行 liaison-desk --db 原来的路径 restore 备份文件（备份在 backups 文件夹中）。",
    damaged_home: "⚠ 数据库文件有损坏：请勿继续登记，请管理员从备份恢复（先把损坏的文件改名保存，再用 restore 恢复到原路径）。",
    restored_sign_in: "数据库刚从备份恢复，请重新登录。",
    export_target_database: Template::new(
        "不能导出到“{}”：这是值班台正在使用的数据库或它的备份，写进去会毁掉登记。请换一个文件名。",
    ),
    export_target_sqlite: Template::new(
        "不能导出到“{}”：这是一个数据库文件，写进去会毁掉它。请换一个文件名。",
    ),
    export_target_folder: Template::new(
        "不能导出到“{}”：这是一个文件夹。请在后面加上文件名，如 接待登记.xlsx。",
    ),
    copies_folder_taken: Template::new(
        "“{}”已存在，里面有别的文件：汇总站的备份要把各站的数据副本放在备份文件旁边的这个文件夹里，为安全起见没有动它。请换一个备份文件名。",
    ),
    export_part_exists: Template::new(
        "临时文件“{}”已存在（可能是上次未完成的导出或备份），为安全起见没有覆盖。请先删除它，或换一个文件名。",
    ),
    backup_target_database: Template::new(
        "不能备份到“{}”：这就是正在使用的数据库（或它旁边的日志文件）。请换一个文件名，如 U 盘上的 desk-备份.db。",
    ),
    backup_target_exists: Template::new(
        "“{}”已存在，而且不是本联络站以前的备份（可能是文件、别的数据库或正在使用的数据库），没有覆盖。请换一个文件名。",
    ),
    backup_target_folder: Template::new(
        "不能备份到“{}”：这是一个文件夹。请在后面加上文件名，如 desk-备份.db。",
    ),
    target_not_a_file: Template::new(
        "不能写到“{}”：这不是普通文件（是设备、管道或其他特殊文件）。请换一个文件名。",
    ),
    export_disk_full: "磁盘已满，文件没有写成（未写完的临时文件已删除）。请清理磁盘空间后再导出。",
    export_write_failed: Template::new(
        "写文件出错（系统错误码 {}），文件没有写成，未写完的临时文件已删除。",
    ),
    audit_missing_range: Template::new("审计日志第 {}–{} 条缺失，被删除了。"),
    audit_missing_one: Template::new("审计日志第 {} 条缺失，被删除了。"),
    audit_newest_missing: Template::new(
        "审计日志第 {}–{} 条缺失：最新的记录被删除了（{}记到第 {} 条）。",
    ),
    digest_anchor: Template::new("\n审计锚码：{}（签发时的审计日志位置，请抄在签发单上留存）\n"),
    signed_anchor: Template::new("；审计锚码 {}"),
    anchor_line: Template::new(
        "审计锚码：{}（第 {} 条，{}）。请抄在纸上或签发单上留存，日后可用 liaison-desk audit verify --anchor 锚码 核对。",
    ),
    anchor_empty: "审计日志还没有记录，没有锚码。",
    anchor_but_earlier: "注意：锚码只担保它及其后的记录；它之前的日志有问题，请运行 liaison-desk audit verify 查看：",
    anchor_broken_after: Template::new("锚码 {} 那一条仍在，但其后的日志不相连："),
    audit_rewritten: Template::new("{}记下的第 {} 条与日志中现在的不同：日志被改写过。"),
    head_counter: "数据库的序号计数器",
    head_sign_off: Template::new("{} 的签发"),
    head_backup: Template::new("备份 {}"),
    head_restore: "最近一次恢复的记录",
    anchor_bad_code: Template::new(
        "锚码“{}”的格式不对：应为 序号-12位校验值，如 1227-3F9A0C5D21B7。",
    ),
    anchor_ok: Template::new("锚码 {} 相符：第 {} 条仍在且校验值一致，其后 {} 条前后相连。"),
    anchor_missing: Template::new("锚码 {} 不符：审计日志中没有第 {} 条。"),
    anchor_differs: Template::new(
        "锚码 {} 不符：第 {} 条的校验值现在是 {}，与纸上记的不同，日志被改写过。",
    ),
    check_trigger_missing: Template::new(
        "触发器 {} 被删除了（它{}）：数据库可能在本程序之外被改动过。",
    ),
    check_trigger_changed: Template::new(
        "触发器 {} 被改动过，已不是本程序建立的样子（它本应{}）：数据库可能在本程序之外被改动过。",
    ),
    trigger_keeps_log: "保证审计日志只能追加、不能修改或删除",
    trigger_keeps_counts: "保证案件计数与案件相符",
    check_counts_wrong: Template::new("案件计数与案件不符：{} 记为 {} 件，实际 {} 件。"),
    check_counts_ok: "案件计数与案件相符。",
    check_case_invalid: Template::new("案件 {}：{}。"),
    check_cases_ok: "案件状态与其内容相符。",
    check_old_schema: Template::new(
        "数据版本较旧（{}），只检查了文件完整性；用值班台打开一次即可升级，再检查其余各项。",
    ),
    import_duplicate_heading: Template::new(
        "表头“{}”出现了两次，不知道该用哪一列。请删去或改名其中一列后再导入。",
    ),
    import_unbalanced_quote: Template::new(
        "第 {} 行开始的一个单元格以英文双引号开头，但直到文件末尾都没有对应的结束引号。请在该单元格末尾补上引号，或去掉开头的引号。",
    ),
    import_too_large: Template::new(
        "文件太大：最多可导入 {} MB。请把登记簿按年份或月份分成几个文件，分别导入。",
    ),
    import_cannot_read: Template::new("无法读取文件 {}：{}。"),
    import_file_changed: Template::new(
        "文件 {} 在导入过程中被改动了，没有导入任何一行。请等文件保存好、不再改动后重新导入。",
    ),
    import_no_such_sheet: Template::new("工作簿里没有名为“{}”的工作表。它的工作表有：{}。"),
    import_which_sheet: Template::new(
        "工作簿里有几个工作表都像接待登记簿：{}。请用 --sheet 工作表名 指明导入哪一个。",
    ),
    import_bad_workbook: Template::new(
        "无法读取工作簿 {}：文件可能已损坏、设了打开密码，或不是 Excel/WPS 文件。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。",
    ),
    import_read_sheet: Template::new("读取的工作表：{}"),
    import_read_gbk: "这是 GBK 编码的 CSV（旧版 Excel 另存的格式），已按 GBK 读取。",
    io_not_found: "文件不存在",
    io_no_access: "没有读取的权限",
    io_is_folder: "这是一个文件夹，不是文件",
    io_other: Template::new("系统错误码 {}"),
    case_reply_missing: "已答复，但没有答复日期或答复内容",
    case_closed_date_missing: "已结案，但没有结案日期",
    case_callback_without_reply: "有回访，但还没有答复",
    case_unknown_status: "状态不是值班台认识的状态",
};

pub static EN: CommandStrings = CommandStrings {
    no_terminal: "The desk's screen needs a terminal, and there is none here. In scripts use a subcommand, such as liaison-desk check; see liaison-desk --help.",
    terminal_failed: Template::new(
        "The terminal failed and the desk closed (system error {}). Saved work is safe; please open it again.",
    ),
    pin_no_terminal: "A PIN is needed but there is no terminal to type it in. Run this in a terminal, or give the PIN in the LIAISON_DESK_PIN variable. This did not count as a wrong PIN.",
    output_unwritten: "The result could not be written (the disk is full, or the output is closed); the command did not finish.",
    bad_value_plain: Template::new("“{}” is not a value {} takes (see that option in --help)."),
    print_footer: "Page &P of &N",
    report_summary_sheet: "Summary",
    report_months_sheet: "By month",
    report_overdue_sheet: "Overdue cases",
    overdue_columns: [
        "Number",
        "Opened",
        "Category",
        "Summary",
        "Department",
        "Deadline",
        "Days late",
    ],
    report_month: "Month",
    deputy_columns: [
        "Deputy",
        "Duty days",
        "Target",
        "Batches",
        "Target",
        "Activities",
        "Target",
        "Study",
        "Target",
        "Persons",
    ],
    rate_definitions: [
        (
            "Resolution rate",
            "(answered on the spot + replies graded A) ÷ (items − not accepted)",
        ),
        (
            "On-time rate",
            "referrals replied within the deadline ÷ referrals replied",
        ),
        ("Reply rate", "referrals replied ÷ referrals"),
        ("Call-back rate", "items called back ÷ referrals replied"),
        (
            "Satisfaction rate",
            "satisfied or basically satisfied ÷ items called back",
        ),
    ],
    report_saved: Template::new("The report was written to {}"),
    report_file_name: Template::new("{}_reception_report_{}_{}.xlsx"),
    exports_folder: "导出",
    hint_save_workbook: "save workbook",
    hint_add_row: "add a row",
    hint_remove_row: "remove this row",
    signature_recorder: "Recorded by: ________________",
    signature_reviewer: "Reviewed by: ________________",
    pin_malformed: "The LIAISON_DESK_PIN variable is not 4 to 8 digits; check the script. This did not count as a wrong PIN.",
    init_exists: Template::new(
        "This database is already set up for the station “{}” ({}); nothing was changed (its entries and signed-off days belong to that station). For a new station give a new file with --db.",
    ),
    restore_needs_admin: "A restore replaces the whole database and needs an administrator: give the administrator's name with --user (PIN as for export).",
    restore_no_file: "there is no such backup file",
    other_station_same_code: Template::new(
        "This backup also has the station code {}, but it belongs to another station's database (it was not backed up from this one). Add --other-station if you really mean it.",
    ),
    restore_users_kept: Template::new(
        "The backup lacked {} of the current users; their accounts and PINs were kept.",
    ),
    other_station: Template::new(
        "This backup belongs to another station (code {}); the current database is station {}. Add --other-station if you really mean it.",
    ),
    disk_full: "The disk is full; nothing was written. Free some space and try again.",
    network_refused: Template::new(
        "The database is in a network shared folder ({}). Two computers writing one shared file can corrupt the register, so the desk does not write there. Safe set-ups: keep the database on the kiosk's own disk only; let the secretary's computer use the kiosk over SSH (see “Two computers at one station”); copy a database already in a shared folder back with liaison-desk --db SHARED backup -o LOCAL, then use --db LOCAL.",
    ),
    network_read_only: Template::new(
        "Note: the database is in a network shared folder ({}); it is only read this time, nothing is written. Move it back to the kiosk's own disk soon (see “Two computers at one station”).",
    ),
    network_kinds: [
        "NFS",
        "a Windows share (SMB/CIFS)",
        "9p",
        "a remote mount such as sshfs",
        "a network file system",
    ],
    changed_by: Template::new(
        "{} acted on this case at {}, so what you saw is no longer current; nothing was done twice. Look at the case as it is now, then act.",
    ),
    working: [
        "Checking the database…",
        "Backing up…",
        "Restoring…",
        "Reading and importing…",
        "Purging expired contact details…",
        "Making demo data…",
    ],
    disk_io: "The disk could not be read or written; nothing was saved this time. Check that the disk or USB stick is still attached and not full, then try again; if it keeps happening, run liaison-desk check.",
    open_no_file: "there is no database file there (this command creates none; to set up a new station use liaison-desk init)",
    open_is_folder: "this is a folder, not a database file",
    open_empty: "this is an empty file (0 bytes), not a Liaison Desk database",
    damaged: "The database file is damaged (its quick check failed); nothing was written, so that the damage does not spread. Restore from a backup: close the desk, rename the database file together with its -wal and -shm files (say to desk-damaged.db), then run liaison-desk --db ORIGINAL-PATH restore BACKUP (backups are in the backups folder).",
    damaged_home: "⚠ The database file is damaged: stop recording; an administrator restores from a backup (rename the damaged file first, then restore to the original path).",
    restored_sign_in: "The database was just restored from a backup; please sign in again.",
    export_target_database: Template::new(
        "Cannot export to “{}”: it is the desk's database or one of its backups, and writing there would destroy the register. Choose another file name.",
    ),
    export_target_sqlite: Template::new(
        "Cannot export to “{}”: it is a database file and writing there would destroy it. Choose another file name.",
    ),
    export_target_folder: Template::new(
        "Cannot export to “{}”: it is a folder. Add a file name after it, such as reception.xlsx.",
    ),
    copies_folder_taken: Template::new(
        "“{}” already exists and holds other files: a hub's backup keeps its stations' copies in this folder beside the backup file, so it was left untouched. Choose another name for the backup.",
    ),
    export_part_exists: Template::new(
        "The temporary file “{}” already exists (perhaps from an unfinished export or backup) and was not overwritten. Delete it first, or choose another file name.",
    ),
    backup_target_database: Template::new(
        "Cannot back up to “{}”: it is the database in use (or a log file beside it). Choose another file name, such as desk-backup.db on a USB stick.",
    ),
    backup_target_exists: Template::new(
        "“{}” already exists and is not an earlier backup of this station (a document, another database or a database in use); it was not overwritten. Choose another file name.",
    ),
    backup_target_folder: Template::new(
        "Cannot back up to “{}”: it is a folder. Add a file name after it, such as desk-backup.db.",
    ),
    target_not_a_file: Template::new(
        "Cannot write to “{}”: it is not a regular file (a device, a pipe or another special file). Choose another file name.",
    ),
    export_disk_full: "The disk is full; the file was not written (the unfinished temporary file was removed). Free some space and export again.",
    export_write_failed: Template::new(
        "Writing the file failed (system error {}); it was not written and the unfinished temporary file was removed.",
    ),
    audit_missing_range: Template::new("Audit log entries {}–{} are missing: they were deleted."),
    audit_missing_one: Template::new("Audit log entry {} is missing: it was deleted."),
    audit_newest_missing: Template::new(
        "Audit log entries {}–{} are missing: the newest entries were deleted ({} records entry {}).",
    ),
    digest_anchor: Template::new(
        "\nAudit anchor: {} (the audit log at sign-off; keep it on the signed paper)\n",
    ),
    signed_anchor: Template::new("; audit anchor {}"),
    anchor_line: Template::new(
        "Audit anchor: {} (entry {}, {}). Write it down or keep it on the signed digest; check it later with liaison-desk audit verify --anchor CODE.",
    ),
    anchor_empty: "The audit log has no entries yet, so there is no anchor.",
    anchor_but_earlier: "Note: an anchor vouches for its entry and those after it; the log before it has a problem (run liaison-desk audit verify):",
    anchor_broken_after: Template::new(
        "The entry of anchor {} is still there, but the log after it does not chain:",
    ),
    audit_rewritten: Template::new(
        "{} records entry {} differently from the log now: the log was rewritten.",
    ),
    head_counter: "The database's sequence counter",
    head_sign_off: Template::new("The sign-off of {}"),
    head_backup: Template::new("The backup {}"),
    head_restore: "The record of the last restore",
    anchor_bad_code: Template::new(
        "The anchor “{}” is not in the right form: sequence-12 hex digits, such as 1227-3F9A0C5D21B7.",
    ),
    anchor_ok: Template::new(
        "Anchor {} matches: entry {} is still there with the same hash, and the {} entries after it chain.",
    ),
    anchor_missing: Template::new("Anchor {} does not match: the audit log has no entry {}."),
    anchor_differs: Template::new(
        "Anchor {} does not match: entry {} now has the hash {}, not the one written down; the log was rewritten.",
    ),
    check_trigger_missing: Template::new(
        "The trigger {} was dropped (it {}): the database may have been changed outside the program.",
    ),
    check_trigger_changed: Template::new(
        "The trigger {} was changed and is no longer what the program made (it should {}): the database may have been changed outside the program.",
    ),
    trigger_keeps_log: "keeps the audit log append-only",
    trigger_keeps_counts: "keeps the case counts equal to the cases",
    check_counts_wrong: Template::new(
        "The case counts disagree with the cases: {} is counted as {}, there are {}.",
    ),
    check_counts_ok: "The case counts agree with the cases.",
    check_case_invalid: Template::new("Case {}: {}."),
    check_cases_ok: "Every case's fields agree with its status.",
    check_old_schema: Template::new(
        "The data version is older ({}); only the file's integrity was checked. Open it once with the desk to upgrade, then check the rest.",
    ),
    import_duplicate_heading: Template::new(
        "The heading “{}” appears twice, so it is unclear which column to use. Delete or rename one of them and import again.",
    ),
    import_unbalanced_quote: Template::new(
        "A cell starting on line {} opens with a double quote that is never closed before the end of the file. Add the closing quote at the end of that cell, or remove the opening one.",
    ),
    import_too_large: Template::new(
        "The file is too large: at most {} MB can be imported. Split the register into files by year or month and import each.",
    ),
    import_cannot_read: Template::new("Cannot read the file {}: {}."),
    import_file_changed: Template::new(
        "The file {} changed while it was being imported; no row was imported. Import it again once it is saved and no longer changing.",
    ),
    import_no_such_sheet: Template::new(
        "The workbook has no sheet named “{}”. Its sheets are: {}.",
    ),
    import_which_sheet: Template::new(
        "Several sheets of the workbook look like a reception register: {}. Name the one to import with --sheet NAME.",
    ),
    import_bad_workbook: Template::new(
        "Cannot read the workbook {}: it may be damaged, protected by a password, or not an Excel/WPS file. Open it in Excel or WPS, save it as .xlsx and import that.",
    ),
    import_read_sheet: Template::new("Sheet read: {}"),
    import_read_gbk: "This CSV is in GBK (as older Excel saves it) and was read as such.",
    io_not_found: "it does not exist",
    io_no_access: "no permission to read it",
    io_is_folder: "it is a folder, not a file",
    io_other: Template::new("system error {}"),
    case_reply_missing: "replied, but without a reply date or reply text",
    case_closed_date_missing: "closed, but without a closing date",
    case_callback_without_reply: "called back, but not yet replied",
    case_unknown_status: "its status is not one the desk knows",
};

/// Long work a command shows a turning mark for.
#[derive(Debug, Clone, Copy)]
pub enum Work {
    Check,
    Backup,
    Restore,
    Import,
    Purge,
    Demo,
}

impl CommandStrings {
    pub fn working(&self, work: Work) -> &'static str {
        self.working[work as usize]
    }

    /// A network file system by the name people know it by.
    pub fn network_fs(&self, kind: crate::domain::placement::NetworkFs) -> &'static str {
        use crate::domain::placement::NetworkFs as N;
        let i = match kind {
            N::Nfs => 0,
            N::Smb => 1,
            N::NineP => 2,
            N::FuseNetwork => 3,
            N::Other => 4,
        };
        self.network_kinds[i]
    }

    /// A file error in the desk's words (the system's own are English).
    pub fn io_problem(&self, e: &std::io::Error) -> String {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::NotFound => self.io_not_found.to_string(),
            ErrorKind::PermissionDenied => self.io_no_access.to_string(),
            ErrorKind::IsADirectory => self.io_is_folder.to_string(),
            _ => self.io_other.fill([&e.raw_os_error().unwrap_or(0)]),
        }
    }

    /// A case's contradiction in words.
    pub fn contradiction(&self, c: crate::domain::case::Contradiction) -> &'static str {
        use crate::domain::case::Contradiction as C;
        match c {
            C::ReplyMissing => self.case_reply_missing,
            C::ClosedDateMissing => self.case_closed_date_missing,
            C::CallbackWithoutReply => self.case_callback_without_reply,
            C::UnknownStatus => self.case_unknown_status,
        }
    }
}
