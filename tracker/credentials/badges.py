"""Building an Open Badges 3.0 AchievementCredential from a mastery decision (no signing here)."""
import uuid

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
NAMESPACE = uuid.UUID("6f1d5b1e-7c4a-4a55-9a55-3c2c9f3a0b11")


def iso(moment) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def learner_subject_id(learner) -> str:
    """A stable, opaque id for the learner: no name or email in the identifier itself."""
    name = f"learner:{learner.id}:{learner.sourced_id or ''}"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def issuer_id(base_url: str, school) -> str:
    return f"{base_url.rstrip('/')}/credentials/issuers/{school.id}"


def issuer_profile(base_url: str, school, keys=()) -> dict:
    profile = {
        "id": issuer_id(base_url, school),
        "type": ["Profile"],
        "name": school.name,
    }
    if school.contact_email:
        profile["email"] = school.contact_email
    if school.contact_phone:
        profile["phone"] = school.contact_phone
    return profile


# The issuer's profile is also its controller document (W3C Controlled Identifiers): the DID context
# first, which defines `verificationMethod` and `assertionMethod` (so a verifier such as Digital Bazaar's
# reads it without reframing), the Multikey context for the keys, then the Open Badges ones for the profile.
CONTROLLER_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1", *OB_CONTEXT]


def controller_document(base_url: str, school, signing_keys) -> dict:
    """The school's issuer profile as published: its Open Badges Profile, every key it has signed with
    as a Multikey verification method, and all of them under `assertionMethod`, the relationship a
    credential's proof names. A rotated key stays listed: what it signed stays verifiable (rotation is
    not revocation; a credential itself is revoked by its status list)."""
    profile = issuer_profile(base_url, school)
    methods = [{"id": f"{profile['id']}#{key.public_multibase}", "type": "Multikey", "controller": profile["id"],
                "publicKeyMultibase": key.public_multibase} for key in signing_keys]
    return {"@context": CONTROLLER_CONTEXT, **profile, "verificationMethod": methods,
            "assertionMethod": [method["id"] for method in methods]}


def achievement_id(base_url: str, framework, competency) -> str:
    return f"{base_url.rstrip('/')}/credentials/achievements/{framework.identifier}/{competency.identifier}"


def competency_achievement(base_url: str, competency, framework, scale) -> dict:
    """The Open Badges Achievement of mastering one competency: its statement, the mastery criterion,
    the scale's levels as a rubric, its alignment to the CASE item (the framework's CFItem, by the
    item and document identifiers its CASE export and API give)."""
    levels = sorted(scale.levels, key=lambda level: level.number)
    own_id = achievement_id(base_url, framework, competency)
    criteria = (f"Validated by a summative mastery decision on the {scale.name} scale: "
                f"work at level {scale.mastery_threshold} "
                f"({scale.label_for(scale.mastery_threshold)}) or above, judged by a validator "
                "from cited evidence.")
    achievement = {
        "id": own_id,
        "type": ["Achievement"],
        "achievementType": "Badge" if framework.is_educator_framework else "Competency",
        "name": competency.student_statement or competency.statement,
        "description": competency.statement,
        "criteria": {"narrative": criteria},
        "alignment": [{
            "type": ["Alignment"],
            "targetName": competency.statement[:250],
            "targetUrl": own_id,
            "targetFramework": f"{framework.title} (version {framework.version})",
            "targetType": "CFItem",
            **({"targetCode": competency.code} if competency.code else {}),
        }],
        "otherIdentifier": [
            {"type": "IdentifierEntry", "identifier": competency.identifier, "identifierType": "ext:CFItem"},
            {"type": "IdentifierEntry", "identifier": framework.identifier, "identifierType": "ext:CFDocument"},
        ],
        "resultDescription": [{
            "id": f"{own_id}#level",
            "type": ["ResultDescription"],
            "name": scale.name,
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [{
                "id": f"{own_id}#level-{level.number}",
                "type": ["RubricCriterionLevel"],
                "name": level.label,
                **({"description": level.descriptor} if level.descriptor else {}),
                "level": str(level.number),
            } for level in levels],
            "requiredLevel": f"{own_id}#level-{scale.mastery_threshold}",
        }],
    }
    if competency.code:
        achievement["humanCode"] = competency.code
    return achievement


def achievement_credential(*, credential_uuid: str, base_url: str, decision, learner, competency,
                           framework, scale, school, evidence_urls: list[str], domain=None) -> dict:
    """The unsigned credential for one validated mastery. On an educator framework it is the
    badge of the competency's domain (`domain`, its top-level competency) at the level decided:
    named after the domain, with the level's descriptor."""
    level_label = scale.label_for(decision.level) or str(decision.level)
    levels = sorted(scale.levels, key=lambda level: level.number)
    is_educator = framework.is_educator_framework
    description = competency.statement
    achievement = competency_achievement(base_url, competency, framework, scale)
    achievement_id = achievement["id"]
    badge = domain.statement if is_educator and domain is not None else None
    if badge:
        descriptor = next((level.descriptor for level in levels if level.number == decision.level), None)
        achievement["description"] = " ".join(part for part in (f"{badge}: {level_label}.", descriptor, description)
                                              if part)
    subject = {
        "id": learner_subject_id(learner),
        "type": ["AchievementSubject"],
        "achievement": achievement,
        "result": [{
            "type": ["Result"],
            "resultDescription": f"{achievement_id}#level",
            "achievedLevel": f"{achievement_id}#level-{decision.level}",
            "value": level_label,
        }],
    }
    credential = {
        "@context": list(OB_CONTEXT),
        "id": f"urn:uuid:{credential_uuid}",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": (f"Professional learning badge: {badge} · {level_label}"
                 f"{' (' + competency.code + ')' if competency.code else ''}" if badge else
                 f"{'Professional learning badge' if is_educator else 'Mastery'}: "
                 f"{competency.code + ' ' if competency.code else ''}{level_label}"),
        "issuer": issuer_profile(base_url, school),
        "validFrom": iso(decision.decided_at),
        "awardedDate": iso(decision.decided_at),
        "credentialSubject": subject,
    }
    if evidence_urls:
        credential["evidence"] = [{"id": url, "type": ["Evidence"], "name": "Cited evidence"}
                                  for url in evidence_urls]
    return credential
