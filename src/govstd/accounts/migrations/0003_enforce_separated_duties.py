"""Make 三员分立 (等保 AC-d) a property of the database, not only of the service that grants roles.

* ``one_administrator_role_per_user``: a partial unique index, so no user holds two of system,
  security and audit administrator — also when two grants race each other (one insert waits for
  the other and then fails).
* ``role_is_known``: a role is one of the platform's roles.
* A trigger on ``accounts_rolegrant``: an administrator role stands alone, without business roles.
  On PostgreSQL it first locks the user's row, so two transactions granting an administrator role
  and a business role at the same moment are settled one after the other and the second sees the
  first (each statement of the trigger reads afresh under READ COMMITTED). SQLite runs one writer
  at a time.

Existing data that breaks the rule stops the migration with the accounts named, rather than being
changed silently. On SQLite a later migration that rebuilds this table must create the trigger again;
``tests/test_accounts_roles.py`` fails if it is missing.
"""

from django.db import migrations, models

ADMINISTRATOR_ROLES = ("audit_admin", "security_admin", "system_admin")
ROLES = ("standardization_admin", "drafter", "reviewer", "implementer", "inspector", "leader",
         "system_admin", "security_admin", "audit_admin")

# Plain SQL, written out in full (the administrator roles are the three above).
POSTGRESQL_CREATE = """
CREATE FUNCTION accounts_rolegrant_keep_duties_apart() RETURNS trigger AS $$
BEGIN
    PERFORM 1 FROM accounts_user WHERE id = NEW.user_id FOR NO KEY UPDATE;
    IF EXISTS (SELECT 1 FROM accounts_rolegrant g
               WHERE g.user_id = NEW.user_id AND g.id <> NEW.id
                 AND (NEW.role IN ('audit_admin', 'security_admin', 'system_admin')
                      OR g.role IN ('audit_admin', 'security_admin', 'system_admin'))) THEN
        RAISE EXCEPTION 'separated_duties: an administrator role (system, security, audit) is held alone'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_rolegrant_keep_duties_apart
    BEFORE INSERT OR UPDATE OF user_id, role ON accounts_rolegrant
    FOR EACH ROW EXECUTE FUNCTION accounts_rolegrant_keep_duties_apart();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS accounts_rolegrant_keep_duties_apart ON accounts_rolegrant;
DROP FUNCTION IF EXISTS accounts_rolegrant_keep_duties_apart();
"""
SQLITE_CREATE = [
    """CREATE TRIGGER accounts_rolegrant_keep_duties_apart_insert BEFORE INSERT ON accounts_rolegrant
    WHEN EXISTS (SELECT 1 FROM accounts_rolegrant g
                 WHERE g.user_id = NEW.user_id
                   AND (NEW.role IN ('audit_admin', 'security_admin', 'system_admin')
                        OR g.role IN ('audit_admin', 'security_admin', 'system_admin')))
    BEGIN SELECT RAISE(ABORT, 'separated_duties: an administrator role (system, security, audit) is held alone');
    END""",
    """CREATE TRIGGER accounts_rolegrant_keep_duties_apart_update BEFORE UPDATE OF user_id, role ON accounts_rolegrant
    WHEN EXISTS (SELECT 1 FROM accounts_rolegrant g
                 WHERE g.user_id = NEW.user_id AND g.id <> NEW.id
                   AND (NEW.role IN ('audit_admin', 'security_admin', 'system_admin')
                        OR g.role IN ('audit_admin', 'security_admin', 'system_admin')))
    BEGIN SELECT RAISE(ABORT, 'separated_duties: an administrator role (system, security, audit) is held alone');
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS accounts_rolegrant_keep_duties_apart_insert",
    "DROP TRIGGER IF EXISTS accounts_rolegrant_keep_duties_apart_update",
]


def refuse_conflicting_grants(apps, schema_editor):
    """Stop with the accounts named if any already holds conflicting roles."""
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    held: dict[str, set[str]] = {}
    for username, role in RoleGrant.objects.values_list("user__username", "role"):
        held.setdefault(username, set()).add(role)
    broken = sorted(u for u, roles in held.items() if roles & set(ADMINISTRATOR_ROLES) and len(roles) > 1)
    unknown = sorted(u for u, roles in held.items() if roles - set(ROLES))
    if broken or unknown:
        raise RuntimeError(
            "These accounts break 三员分立 (an administrator role must be held alone) or hold unknown roles; "
            f"remove the extra roles before migrating: {', '.join(broken + unknown)}")


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE)
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
    else:  # the platform supports these two; another database would run without the rule
        raise RuntimeError(f"no separated-duties trigger for the {vendor} database")


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_add_api_tokens'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('login', 'Login'), ('login_failed', 'Failed login'), ('logout', 'Logout'), ('create', 'Create'), ('update', 'Update'), ('delete', 'Delete'), ('import', 'Import'), ('export', 'Export'), ('refused', 'Refused')], db_index=True, max_length=20, verbose_name='action'),
        ),
        migrations.RunPython(refuse_conflicting_grants, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='rolegrant',
            constraint=models.UniqueConstraint(condition=models.Q(('role__in', ['audit_admin', 'security_admin', 'system_admin'])), fields=('user',), name='one_administrator_role_per_user'),
        ),
        migrations.AddConstraint(
            model_name='rolegrant',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['standardization_admin', 'drafter', 'reviewer', 'implementer', 'inspector', 'leader', 'system_admin', 'security_admin', 'audit_admin'])), name='role_is_known'),
        ),
        # After the constraints: adding one rebuilds the table on SQLite, which would drop the trigger.
        migrations.RunPython(create_trigger, drop_trigger),
    ]
