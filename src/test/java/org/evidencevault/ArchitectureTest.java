package org.evidencevault;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules Modulith cannot say. */
class ArchitectureTest {

    private static final JavaClasses VAULT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.evidencevault");

    @Test
    void onlyCryptoTouchesCiphersAndBouncyCastle() {
        noClasses().that().resideOutsideOfPackage("org.evidencevault.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("javax.crypto..", "org.bouncycastle..")
                .because("all cryptography lives in the crypto package")
                .check(VAULT);
    }

    @Test
    void controllersNeverReachStoredRecordsOrTheDriver() {
        noClasses().that().resideInAPackage("..web..")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Records")
                .orShould().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..")
                .because("controllers go through application services, which authorise and audit")
                .check(VAULT);
    }

    @Test
    void onlyTheAuditSeamWritesRecords() {
        noClasses().that().resideInAnyPackage("org.evidencevault.incidents..", "org.evidencevault.communications..",
                        "org.evidencevault.web..",
                        "org.evidencevault.admin..", "org.evidencevault.demo..", "org.evidencevault.ledger..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a MongoCollection write",
                        call -> call.getTargetOwner().isAssignableTo(com.mongodb.client.MongoCollection.class)
                                && call.getName().matches("insert.*|replace.*|update.*|delete.*|findOneAnd.*|bulkWrite")
                                && !call.getOrigin().getOwner().getSimpleName().equals("DemoSeedLoader")))
                .because("every change of a record is recorded in the audit log first and applied by audit.StateApplier")
                .check(VAULT);
    }

    @Test
    void ledgerHasNoSpringAndNoStore() {
        noClasses().that().resideInAPackage("org.evidencevault.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..",
                        "org.evidencevault.crypto..", "org.evidencevault.audit..")
                .because("auditors run the verification code offline, without Spring or a database")
                .check(VAULT);
    }

    @Test
    void theWitnessRunsWithoutSpringOrAStore() {
        noClasses().that().resideInAPackage("org.evidencevault.witness..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..",
                        "org.evidencevault.audit..", "org.evidencevault.anchoring..")
                .because("a partner NGO runs the witness from the jar alone, next to nothing of the vault")
                .check(VAULT);
    }

    @Test
    void cliStartsNoSpring() {
        noClasses().that().resideInAPackage("org.evidencevault.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .because("offline commands run without a Spring context")
                .check(VAULT);
    }

    @Test
    void onlyTheSealedRecordToolkitOpensSealedFields() {
        noClasses().that().resideOutsideOfPackages("org.evidencevault.records..", "org.evidencevault.crypto..")
                .should().callMethod(org.evidencevault.crypto.FieldSealer.class, "open", org.bson.Document.class, String.class,
                        org.evidencevault.crypto.DecryptionProof.class)
                .because("sealed fields are decrypted only through records.SealedRecords.open, inside an audited read")
                .check(VAULT);
    }

    @Test
    void onlyAnAuditedReadIsProofOfOne() {
        classes().that().areAssignableTo(org.evidencevault.crypto.DecryptionProof.class)
                .and().doNotHaveFullyQualifiedName(org.evidencevault.crypto.DecryptionProof.class.getName())
                .should().haveFullyQualifiedName("org.evidencevault.audit.AuditedRead")
                .because("only the audit seam, after writing the READ entry, may hand out proof of an audited read")
                .check(VAULT);
    }

    @Test
    void servicesSpeakTheDomainNotTheStore() {
        noClasses().that().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Queries")
                .and().resideInAnyPackage("org.evidencevault.incidents..", "org.evidencevault.communications..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bson..", "com.mongodb..")
                .because("stored documents and store queries stay in the record types' *Records classes")
                .check(VAULT);
    }

    @Test
    void domainTypesDoNotDependOnTheWebOrTheDriver() {
        classes().that().resideInAPackage("org.evidencevault.common..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.evidencevault.common..", "java..")
                .check(VAULT);
    }
}
