package org.evidencevault.packages;

/**
 * The {@code HowToVerify-<lang>.txt} of a package, in Spanish, English and French: what the package holds, the one
 * command that checks all of it, and what a reader can check with common tools alone.
 */
final class HowToVerify {

    private HowToVerify() {
    }

    static String text(String lang, String bag) {
        return switch (lang) {
            case "es" -> """
                    CÓMO VERIFICAR ESTE PAQUETE DE PRUEBAS

                    Este archivo zip es una "bolsa" BagIt (RFC 8493) hecha por Evidence Vault. Contiene:
                      data/items/<id>/...          los archivos de prueba, byte por byte
                      metadata/                    el incidente, las cartas que lo citan, cada archivo y las herramientas
                      custody/<id>.json            la cadena de custodia de cada archivo: entradas firmadas del registro
                                                   de auditoría, con pruebas de Merkle hasta un punto de control firmado
                                                   (con las cofirmas de testigos y sellos de tiempo, si los hay)
                      custody/<id>.changes.json    los cambios guardados que esas entradas comprometen
                      manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt, bag-info.txt

                    1. Todo de una vez, sin conexión (Java 17 y el jar de Evidence Vault):
                         java -jar evidence-vault.jar verify-package paquete.zip --key audit-v1.json \\
                           [--witness <clave del testigo>]... [--tsa <certificado de la TSA>]...
                       La clave audit-v1.json debe obtenerla de quien opera la bóveda por otro canal, no de este paquete.
                       El informe nombra cada archivo que no coincide. Código de salida: 0 verificado, 1 no verificado,
                       2 no se pudo verificar nada.

                    2. Solo las huellas de los archivos, con herramientas comunes: descomprima y, en la carpeta %s,
                         sha256sum -c manifest-sha256.txt
                         sha512sum -c manifest-sha512.txt
                       Esto prueba que los archivos no cambiaron desde que se hizo el paquete, no quién los recibió ni cuándo:
                       eso lo prueba el paso 1.
                    """.formatted(bag);
            case "fr" -> """
                    COMMENT VÉRIFIER CE PAQUET DE PREUVES

                    Ce fichier zip est un « sac » BagIt (RFC 8493) produit par Evidence Vault. Il contient :
                      data/items/<id>/...          les fichiers de preuve, octet pour octet
                      metadata/                    l'incident, les lettres qui le citent, chaque fichier et les outils
                      custody/<id>.json            la chaîne de possession de chaque fichier : les entrées signées du
                                                   journal d'audit, avec leurs preuves de Merkle jusqu'à un point de
                                                   contrôle signé (avec les cosignatures des témoins et les horodatages, s'il y en a)
                      custody/<id>.changes.json    les modifications enregistrées auxquelles ces entrées s'engagent
                      manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt, bag-info.txt

                    1. Tout en une fois, hors ligne (Java 17 et le jar d'Evidence Vault) :
                         java -jar evidence-vault.jar verify-package paquet.zip --key audit-v1.json \\
                           [--witness <clé du témoin>]... [--tsa <certificat de la TSA>]...
                       La clé audit-v1.json doit venir de l'exploitant du coffre par un autre canal, pas de ce paquet.
                       Le rapport nomme chaque fichier qui ne correspond pas. Code de sortie : 0 vérifié, 1 non vérifié,
                       2 rien n'a pu être vérifié.

                    2. Seulement les empreintes des fichiers, avec des outils courants : décompressez et, dans le dossier %s,
                         sha256sum -c manifest-sha256.txt
                         sha512sum -c manifest-sha512.txt
                       Cela prouve que les fichiers n'ont pas changé depuis la création du paquet, pas qui les a reçus ni quand :
                       c'est ce que prouve l'étape 1.
                    """.formatted(bag);
            default -> """
                    HOW TO VERIFY THIS EVIDENCE PACKAGE

                    This zip file is a BagIt "bag" (RFC 8493) made by Evidence Vault. It holds:
                      data/items/<id>/...          the evidence files, byte for byte
                      metadata/                    the incident, the letters citing it, each file and the tools
                      custody/<id>.json            each file's chain of custody: the signed entries of the audit log,
                                                   with Merkle proofs up to a signed checkpoint (with the witnesses'
                                                   cosignatures and the time-stamps, where there are any)
                      custody/<id>.changes.json    the stored changes those entries commit to
                      manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt, bag-info.txt

                    1. All of it at once, offline (Java 17 and the Evidence Vault jar):
                         java -jar evidence-vault.jar verify-package package.zip --key audit-v1.json \\
                           [--witness <witness key>]... [--tsa <TSA certificate>]...
                       Get audit-v1.json from the vault's operator through another channel, never from this package.
                       The report names every file that does not match. Exit code: 0 verified, 1 not verified,
                       2 nothing could be verified.

                    2. Only the files' digests, with common tools: unzip it and, in the folder %s,
                         sha256sum -c manifest-sha256.txt
                         sha512sum -c manifest-sha512.txt
                       That proves the files did not change since the package was made, not who received them or when:
                       step 1 proves that.
                    """.formatted(bag);
        };
    }
}
