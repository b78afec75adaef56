"""What can go wrong, feature by feature: each value is the catalog key of the kind words
shown to the person (content/strings). Services return these; states and pages list them
from here (`tuple(MessageProblem)`), so a page never copies them by hand and a new problem
is one line here and one catalog entry."""

from __future__ import annotations

from enum import StrEnum


class AlertProblem(StrEnum):
    GONE = "alerts.gone"
    NOTE_MISSING = "alerts.note_missing"


class EmbedProblem(StrEnum):
    ORIGIN = "embed.problem.origin"
    TOO_MANY = "embed.problem.too_many"


class VisitRequestProblem(StrEnum):
    NAME = "visit_request.problem.name"
    REACH = "visit_request.problem.reach"
    PHONE = "visit_request.problem.phone"
    EMAIL = "visit_request.problem.email"
    CHOICE = "visit_request.problem.choice"
    BUSY = "visit_request.problem.busy"


class VisitProblem(StrEnum):
    CHOOSE_ANSWER = "appointments.choose_answer"
    GONE = "appointments.gone"
    NOT_LIVE = "appointments.not_live"
    REASON_LONG = "appointments.reason_long"
    TAKEN = "appointments.taken"
    TOO_LATE = "appointments.too_late"
    WHY_MISSING = "appointments.why_missing"


class HoursProblem(StrEnum):
    DATE = "availability.problem.date"
    FIELDS = "availability.problem.fields"
    OVERLAP = "availability.problem.overlap"
    TOO_SHORT = "availability.problem.too_short"
    VIDEO_LINK = "availability.problem.video_link"


class CaregiverProblem(StrEnum):
    ADULT = "caregivers.problem.adult"
    ALREADY = "caregivers.problem.already"
    EMAIL = "caregivers.problem.email"
    EMAIL_TAKEN = "caregivers.problem.email_taken"
    END_DATE = "caregivers.problem.end_date"
    GONE = "caregivers.problem.gone"
    NAME = "caregivers.problem.name"
    NOTHING_CHOSEN = "caregivers.problem.nothing_chosen"


class CheckInProblem(StrEnum):
    ANXIETY_MISSING = "check_in.anxiety_missing"
    MOOD_MISSING = "check_in.mood_missing"
    NOT_SAVED = "check_in.not_saved"
    TAG_INVALID = "check_in.tag_invalid"
    TAGS_TOO_MANY = "check_in.tags_too_many"


class BrandProblem(StrEnum):
    NAME = "brand.problem.name"
    COLOUR_SHAPE = "brand.problem.colour_shape"
    PRIMARY_CONTRAST = "brand.problem.primary_contrast"
    ACCENT_CONTRAST = "brand.problem.accent_contrast"
    PHONE = "brand.problem.phone"
    REPLY_HOURS = "brand.problem.reply_hours"
    TIMEZONE = "brand.problem.timezone"
    LANGUAGE = "brand.problem.language"


class ClinicSettingsProblem(StrEnum):
    BOOKING_INVALID = "clinic_settings.booking_invalid"
    CANCEL_INVALID = "clinic_settings.cancel_invalid"
    EMAIL_INVALID = "clinic_settings.email_invalid"
    MINUTES_INVALID = "clinic_settings.minutes_invalid"
    ON_CALL_INVALID = "clinic_settings.on_call_invalid"
    HOURS_INVALID = "clinic_settings.hours_invalid"
    DAYS_INVALID = "clinic_settings.days_invalid"
    AGES_INVALID = "clinic_settings.ages_invalid"


class ConsentProblem(StrEnum):
    EXPIRES = "consent.problem.expires"
    PURPOSE = "consent.problem.purpose"
    RECIPIENT = "consent.problem.recipient"


class ContactProblem(StrEnum):
    EMERGENCY_BOTH = "contact.emergency_both"
    EMERGENCY_PHONE_INVALID = "contact.emergency_phone_invalid"
    PHONE_INVALID = "contact.phone_invalid"
    TOO_LONG = "contact.too_long"


class InboxProblem(StrEnum):
    CHOOSE_COLLEAGUE = "inbox.choose_colleague"
    DONE_NEEDS_NOTE = "inbox.done_needs_note"
    NOT_ON_TEAM = "inbox.not_on_team"
    NOTE_LONG = "inbox.note_long"
    SAVED_LONG = "inbox.saved_long"
    SAVED_MISSING = "inbox.saved_missing"


class InviteProblem(StrEnum):
    BIRTH_DATE = "invite.birth_date"
    CLINICIAN_MISSING = "invite.clinician_missing"
    EMAIL_INVALID = "invite.email_invalid"
    EXISTS = "invite.exists"
    EXPIRED = "invite.expired"
    NAME_MISSING = "invite.name_missing"
    ROLE_MISSING = "invite.role_missing"
    STAFF_PASSWORD = "invite.staff_password"


class LogoProblem(StrEnum):
    TYPE = "brand.logo_problem.type"
    TOO_BIG = "brand.logo_problem.too_big"
    TOO_SMALL = "brand.logo_problem.too_small"


class BulkProblem(StrEnum):
    COLUMNS = "bulk.problem.columns"
    EMPTY = "bulk.problem.empty"
    TOO_BIG = "bulk.problem.too_big"
    TOO_MANY = "bulk.problem.too_many"
    TWICE = "bulk.problem.twice"
    NOT_TEXT = "bulk.problem.not_text"


class CareTeamProblem(StrEnum):
    CHOOSE = "care_teams.problem.choose"
    LAST = "care_teams.problem.last"
    INACTIVE = "care_teams.problem.inactive"


class SsoProblem(StrEnum):
    ACCOUNT_OFF = "sso.problem.account_off"
    BUSY = "sso.problem.busy"
    EMAIL_UNVERIFIED = "sso.problem.email_unverified"
    FORM_ISSUER = "sso.problem.form_issuer"
    FORM_MISSING = "sso.problem.form_missing"
    NOT_STAFF = "sso.problem.not_staff"
    NO_GROUP = "sso.problem.no_group"
    PROVIDER_DOWN = "sso.problem.provider_down"
    REFUSED = "sso.problem.refused"
    SETUP = "sso.problem.setup"


class StaffProblem(StrEnum):
    SELF = "staff.problem.self"
    ON_CALL = "staff.problem.on_call"


class MedicineProblem(StrEnum):
    CHOOSE_PATIENT = "medicines.problem.choose_patient"
    DAYS = "medicines.problem.days"
    DOSE = "medicines.problem.dose"
    GONE = "medicines.problem.gone"
    MAX = "medicines.problem.max"
    NAME = "medicines.problem.name"
    START = "medicines.problem.start"
    TIMES = "medicines.problem.times"
    TOO_LONG = "medicines.problem.too_long"


class MessageProblem(StrEnum):
    BODY_LONG = "messages.body_long"
    BODY_MISSING = "messages.body_missing"
    FILE_TOO_BIG = "messages.file_too_big"
    FILE_TOO_MANY = "messages.file_too_many"
    FILE_TYPE = "messages.file_type"
    GONE = "messages.gone"
    SUBJECT_LONG = "messages.subject_long"
    SUBJECT_MISSING = "messages.subject_missing"


class OverviewProblem(StrEnum):
    NOT_FOUND = "overview.not_found"
    NOTE_LONG = "overview.note_long"
    NOTE_MISSING = "overview.note_missing"


class PasswordProblem(StrEnum):
    CURRENT_WRONG = "password.current_wrong"
    HAS_EMAIL = "password.has_email"
    TOO_COMMON = "password.too_common"
    TOO_LONG = "password.too_long"
    TOO_SHORT = "password.too_short"


class PlanProblem(StrEnum):
    EMPTY = "plan.problem.empty"
    GOAL_MISSING = "plan.problem.goal_missing"
    GONE = "plan.problem.gone"
    NO_PLAN = "plan.problem.no_plan"
    NOTE_MISSING = "plan.problem.note_missing"
    TOO_LONG = "plan.problem.too_long"


class ProfileProblem(StrEnum):
    NAME_MISSING = "profile.name_missing"


class ReadingProblem(StrEnum):
    ALREADY = "reading.problem.already"
    GONE = "reading.problem.gone"
    PICK = "reading.problem.pick"


class RecordProblem(StrEnum):
    FILE_TOO_BIG = "records.problem.file_too_big"
    FILE_TYPE = "records.problem.file_type"
    GONE = "records.problem.gone"
    NOTE_MISSING = "records.problem.note_missing"
    SUBSTANCE = "records.problem.substance"
    SUMMARY_MISSING = "records.problem.summary_missing"
    TITLE = "records.problem.title"
    TOO_LONG = "records.problem.too_long"


class RefillProblem(StrEnum):
    TOO_LONG = "refills.problem.too_long"
    WHY = "refills.problem.why"


class SafetyPlanProblem(StrEnum):
    EMPTY = "safety.problem.empty"
    GONE = "safety.problem.gone"
    TOO_LONG = "safety.problem.too_long"


class SecondStepProblem(StrEnum):
    CODE_WRONG = "second.code_wrong"
    EXPIRED = "second.expired"
    STAFF_REQUIRED = "second.staff_required"


class SignInProblem(StrEnum):
    EMAIL_INVALID = "sign_in.email_invalid"
    USE_SSO = "sign_in.use_sso"
    PASSWORD_MISSING = "sign_in.password_missing"
    WAIT = "sign_in.wait"
    WRONG = "sign_in.wrong"


class ThoughtProblem(StrEnum):
    EMPTY = "thoughts.problem.empty"
    GONE = "thoughts.problem.gone"
    TOO_LONG = "thoughts.problem.too_long"


class IntakeFormProblem(StrEnum):
    TITLE = "intake_admin.problem.title"
    QUESTION = "intake_admin.problem.question"
    KIND = "intake_admin.problem.kind"
    CHOICES = "intake_admin.problem.choices"
    TOO_MANY = "intake_admin.problem.too_many"
    EMPTY = "intake_admin.problem.empty"
    NOT_DRAFT = "intake_admin.problem.not_draft"


class IntakeProblem(StrEnum):
    MISSING = "intake.problem.missing"
    DATE = "intake.problem.date"
    TOO_LONG = "intake.problem.too_long"
    GONE = "intake.problem.gone"


class GroupProblem(StrEnum):
    NAME = "groups.problem.name"
    DETAILS = "groups.problem.details"
    DISPLAY_NAME = "groups.problem.display_name"
    REAL_NAME = "groups.problem.real_name"
    NAME_TAKEN = "groups.problem.name_taken"
    RULES = "groups.problem.rules"
    NOT_FOR_YOU = "groups.problem.not_for_you"
    FULL = "groups.problem.full"
    ALREADY = "groups.problem.already"
    EMPTY = "groups.problem.empty"
    TOO_LONG = "groups.problem.too_long"
    PAUSED = "groups.problem.paused"
    GONE = "groups.problem.gone"
    MEETS = "groups.problem.meets"
    SHARE_EMPTY = "groups.problem.share_empty"
    SHARE_LONG = "groups.problem.share_long"
    SHARE_CRISIS = "groups.problem.share_crisis"
    SHARE_UNDERSTOOD = "groups.problem.share_understood"
    SHARE_TEENS = "groups.problem.share_teens"
