from django.shortcuts import render


def forbidden(request, exception=None):
    return render(
        request,
        "workbench/error.html",
        {"code": 403, "title": "没有权限", "text": "您没有执行此操作的权限。如需办理，请联系本单位党办。"},
        status=403,
    )


def not_found(request, exception=None):
    return render(
        request,
        "workbench/error.html",
        {"code": 404, "title": "页面不存在", "text": "您要找的页面不存在或已被删除。"},
        status=404,
    )


def server_error(request):
    return render(
        request,
        "workbench/error.html",
        {
            "code": 500,
            "title": "出错了",
            "text": "系统处理时出错，您的数据没有丢失。请稍后重试，或联系管理员查看日志。",
        },
        status=500,
    )


def csrf_failure(request, reason=""):
    return render(
        request,
        "workbench/error.html",
        {"code": 403, "title": "页面已过期", "text": "表单已过期或来源无法核实，请返回上一页刷新后重新提交。"},
        status=403,
    )
