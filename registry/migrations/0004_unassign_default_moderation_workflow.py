"""
Take Wagtail's default "Moderators approval" workflow off the root page.

Wagtail's own migration (wagtailcore 0048) assigns it to the root, so every
page without a nearer workflow went to review by Wagtail's default
"Moderators" group, which no one in the alliance belongs to. Review here is
the city's workflow on each city page and "Freigabe Wissensbereich" on the
wiki (governance.services); news are published by the press group without
review. See docs/permissions.md.

Only the root assignment of the workflow with Wagtail's default name is
removed: a workflow someone put on the root on purpose stays. The workflow
itself is switched off if nothing else uses it, so it is not offered in the
admin any more; an administrator can switch it on again under Settings →
Workflows.
"""

from django.db import migrations

DEFAULT_WORKFLOW_NAME = "Moderators approval"


def unassign_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME):
        WorkflowPage.objects.filter(workflow=workflow, page__depth=1).delete()
        unused = not (
            WorkflowPage.objects.filter(workflow=workflow).exists()
            or WorkflowContentType.objects.filter(workflow=workflow).exists()
            or WorkflowState.objects.filter(workflow=workflow, status="in_progress").exists()
        )
        if unused and workflow.active:
            workflow.active = False
            workflow.save(update_fields=["active"])


def reassign_default_workflow(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME).order_by("pk").first()
    root = Page.objects.filter(depth=1).first()
    if workflow is None or root is None or WorkflowPage.objects.filter(page=root).exists():
        return
    Workflow.objects.filter(pk=workflow.pk).update(active=True)
    WorkflowPage.objects.create(workflow=workflow, page=root)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_transfers_reuse_requests"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(unassign_default_workflow, reassign_default_workflow)]
