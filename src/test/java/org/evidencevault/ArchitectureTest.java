package org.evidencevault;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.evidencevault.audit.AuditedChange;
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
    void everyWriteToStoredRecordsNeedsAnAuditedChange() {
        methods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Records")
                .and().haveNameMatching("insert|replace|erase")
                .should().haveRawParameterTypes(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a parameter of type AuditedChange",
                        params -> params.stream().anyMatch(p -> p.isEquivalentTo(AuditedChange.class))))
                .check(VAULT);
    }

    @Test
    void onlyTheAuditSeamAndStoredRecordsWriteToTheStore() {
        noClasses().that().resideInAnyPackage("org.evidencevault.incidents.web..", "org.evidencevault.web..",
                        "org.evidencevault.admin..", "org.evidencevault.demo..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a MongoCollection write",
                        call -> call.getTargetOwner().isAssignableTo(com.mongodb.client.MongoCollection.class)
                                && call.getName().matches("insert.*|replace.*|update.*|delete.*|findOneAnd.*|bulkWrite")
                                && !call.getOrigin().getOwner().getSimpleName().equals("DemoSeedLoader")))
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
    void domainTypesDoNotDependOnTheWebOrTheDriver() {
        classes().that().resideInAPackage("org.evidencevault.common..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.evidencevault.common..", "java..")
                .check(VAULT);
    }
}
