"""nianbao: the archive of 政府信息公开工作年度报告 (command line, configuration, glue)."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/nianbao/nianbao"
USER_AGENT = f"nianbao/{__version__} (+{PROJECT_URL}; government report archive)"
