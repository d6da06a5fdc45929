package dev.vigil.integrity.audit;

import java.io.IOException;
import java.util.List;

/** One class of audit finding; one implementation per class, all run by {@link Audit}. */
interface AuditCheck {

    /** The class name its findings carry ("world-writable", "sudoers", ...). */
    String kind();

    /** @param files the audited directories' files, walked once for all checks */
    List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException;
}
