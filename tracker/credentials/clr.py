"""A learner's whole mastery record as one signed 1EdTech Comprehensive Learner Record (CLR 2.0)
`ClrCredential`, made when it is downloaded (nothing stored).

What it holds, read by the functions the transcript page reads (one fact, one reader):
- every validated mastery on the transcript as an Open Badges AchievementCredential: the signed one the
  school issued, when there is one and it is not revoked, else the same credential unsigned (the CLR's
  own proof covers it);
- a competency mastered through its parts (no decision of its own) as an Achievement of the subject;
- every course credit earned as an AchievementCredential of an Achievement of type "Course";
- associations: a competency `isChildOf` its parent, and `isPartOf` each credit it counts towards, when
  both ends are in the record.
Each competency's achievement names its CASE item and document identifiers (`otherIdentifier`). The CLR
is signed with the school's current key (eddsa-rdfc-2022), like every credential the school issues.
"""
import uuid
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..grading.models import CreditCompetency
from ..grading.service import credits_for_learner
from ..rosters.models import School
from ..timeutil import utcnow
from . import keys, proof, service
from .badges import (NAMESPACE, achievement_credential, competency_achievement, iso, issuer_profile,
                     learner_subject_id)

CLR_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",  # defines credentialSchema's validator type
]
CLR_SCHEMA = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"


class NothingToRecord(ValueError):
    """The learner has no validated mastery and no credit yet: a CLR needs at least one credential."""


def _credit_criteria(credit) -> str:
    if credit.rule == "all":
        rule = "every competency of the course mastered"
    elif credit.rule == "points":
        rule = f"{credit.points_needed} points from the competencies of the course mastered"
    else:
        rule = f"{credit.share_percent} % of the competencies of the course mastered"
        if credit.floor_level is not None:
            rule += f", none below level {credit.floor_level}"
    return f"Earned by showing mastery, validated competency by competency: {rule}."


def _credit_credential(base_url: str, learner, school, line) -> dict:
    credit, earned_on = line.credit, line.progress.earned_on
    achievement = {
        "id": f"{base_url.rstrip('/')}/credentials/achievements/credits/{credit.id}",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": credit.title,
        "description": f"Course credit: {credit.title}.",
        "criteria": {"narrative": _credit_criteria(credit)},
        **({"humanCode": credit.code} if credit.code else {}),
    }
    awarded = iso(utcnow()) if earned_on is None else f"{earned_on.isoformat()}T00:00:00Z"
    return {
        "@context": [CLR_CONTEXT[0], CLR_CONTEXT[2]],  # an Open Badges credential's own
        "id": f"urn:uuid:{uuid.uuid5(NAMESPACE, f'credit:{learner.id}:{credit.id}')}",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": f"Course credit: {credit.code + ' ' if credit.code else ''}{credit.title}",
        "issuer": issuer_profile(base_url, school),
        "validFrom": awarded,
        "awardedDate": awarded,
        "credentialSubject": {"id": learner_subject_id(learner), "type": ["AchievementSubject"],
                              "achievement": achievement},
    }


def clr_credential(learner, base_url: str, as_of: date | None = None) -> dict:
    """The learner's signed ClrCredential (as of the end of a day, when given). NothingToRecord when
    there is nothing to put in it."""
    rows = service.transcript(learner, as_of)
    earned = [line for line in credits_for_learner(learner, as_of=as_of) if line.progress.earned]
    if not rows and not earned:
        raise NothingToRecord("No competency has been validated as mastered and no credit earned yet.")
    school = db.session.get(School, learner.school_id)
    signed = {c.decision_id: c.document for c in service.issued_for(learner)
              if c.revoked_at is None and c.document.get("proof")}
    credentials, achievements, ids = [], [], {}
    for row in rows:
        scale = row.framework.scale
        if row.decision is None:
            achievement = competency_achievement(base_url, row.competency, row.framework, scale)
            achievements.append(achievement)
        else:
            document = signed.get(row.decision.id) or achievement_credential(
                credential_uuid=str(uuid.uuid5(NAMESPACE, f"mastery:{row.decision.id}")), base_url=base_url,
                decision=row.decision, learner=learner, competency=row.competency, framework=row.framework,
                scale=scale, school=school,
                evidence_urls=[service.evidence_url(base_url, learner, row.competency)],
                domain=service.educator_domain(row.competency) if row.framework.is_educator_framework else None)
            credentials.append(document)
            achievement = document["credentialSubject"]["achievement"]
        ids[row.competency.id] = achievement["id"]
    credit_ids = {}
    for line in earned:
        document = _credit_credential(base_url, learner, school, line)
        credentials.append(document)
        credit_ids[line.credit.id] = document["credentialSubject"]["achievement"]["id"]
    subject = {"id": learner_subject_id(learner), "type": ["ClrSubject"], "verifiableCredential": credentials}
    if achievements:
        subject["achievement"] = achievements
    associations = _associations(rows, ids, credit_ids)
    if associations:
        subject["association"] = associations
    now = iso(utcnow())
    day = as_of.isoformat() if as_of else now[:10]
    document = {
        "@context": list(CLR_CONTEXT),
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": f"Comprehensive Learner Record from {school.name}",
        "description": (f"Every competency {school.name} has validated as mastered for this learner, and every "
                        f"course credit earned, as of {day}."),
        "partial": False,
        "issuer": issuer_profile(base_url, school),
        "validFrom": now,
        "awardedDate": now,
        "credentialSubject": subject,
        "credentialSchema": [{"id": CLR_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    key = keys.current_key(school.id)
    return proof.sign(document, keys.private_key(key), f"{document['issuer']['id']}#{key.public_multibase}", now)


def _associations(rows, ids: dict[int, str], credit_ids: dict[int, str]) -> list[dict]:
    associations = [{"type": "Association", "associationType": "isChildOf", "sourceId": ids[row.competency.id],
                     "targetId": ids[row.competency.parent_id]}
                    for row in rows if row.competency.parent_id in ids]
    if credit_ids and ids:
        parts = db.session.execute(select(CreditCompetency.competency_id, CreditCompetency.credit_id).where(
            CreditCompetency.credit_id.in_(list(credit_ids)), CreditCompetency.competency_id.in_(list(ids)))
            .order_by(CreditCompetency.credit_id, CreditCompetency.position)).all()
        associations += [{"type": "Association", "associationType": "isPartOf", "sourceId": ids[competency_id],
                          "targetId": credit_ids[credit_id]} for competency_id, credit_id in parts]
    return associations
