package org.evidencevault.incidents;

/** Vocabulary of forensic confirmations. */
public final class ForensicTerms {

    private ForensicTerms() {
    }

    /** What made the defender seek analysis. A trigger is a lead, never a confirmation. */
    public enum Trigger { APPLE_THREAT_NOTIFICATION, GOOGLE_WARNING, META_WARNING, SELF_REFERRAL, PARTNER_REFERRAL, LAB_SCAN, OTHER }

    /** How the device data was acquired. */
    public enum Acquisition { ITUNES_BACKUP, FILESYSTEM_DUMP, SYSDIAGNOSE, ANDROID_BUGREPORT, OTHER }

    /** How the lab analysed it. */
    public enum Method { MVT, LAB_PROPRIETARY, OTHER }

    public enum Confidence { HIGH, MEDIUM, LOW }
}
