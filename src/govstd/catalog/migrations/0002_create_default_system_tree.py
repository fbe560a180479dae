"""Create the default structure of clause 6.3 (R-6.3-1): 4 subsystems, 25 categories."""

from django.db import migrations


def create_tree(apps, schema_editor):
    from govstd.catalog.tree_default import DEFAULT_TREE, SYSTEM_NAME

    SystemNode = apps.get_model("catalog", "SystemNode")
    if SystemNode.objects.exists():
        return
    root = SystemNode.objects.create(kind="system", name=SYSTEM_NAME,
                                     name_en="Standard system of smart operations", code=0, sort_order=0)
    for sub_no, (sub_name, sub_en, categories) in enumerate(DEFAULT_TREE, start=1):
        subsystem = SystemNode.objects.create(kind="subsystem", parent=root, name=sub_name, name_en=sub_en,
                                              code=sub_no, sort_order=sub_no)
        for cat_no, (name, name_en, scope) in enumerate(categories, start=1):
            SystemNode.objects.create(kind="category", parent=subsystem, name=name, name_en=name_en,
                                      description=scope, code=cat_no, sort_order=cat_no)


def remove_tree(apps, schema_editor):
    apps.get_model("catalog", "SystemNode").objects.filter(kind="category").delete()
    apps.get_model("catalog", "SystemNode").objects.filter(kind="subsystem").delete()
    apps.get_model("catalog", "SystemNode").objects.filter(kind="system").delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_create_system_tree_and_standards")]
    operations = [migrations.RunPython(create_tree, remove_tree)]
