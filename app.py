"""前例回答アシスタント: the Streamlit entry point. Pages live in app_pages/; logic lives in assistant/.

With logins on (ZENREI_LOGINS=1) nobody sees a page before signing in, and pages a role cannot use are
not offered. Without logins the app refuses to run on an address other than localhost.
"""

from pathlib import Path

import streamlit as st

from app_pages.common import account_store, page_user, sign_out
from assistant.errors import SettingError
from assistant.highlight import md_escape, md_message
from assistant.serving import listen_refusal
from assistant.settings import check_all
from assistant.users import allowed

# The favicon is a file served by this server: a ":material/…:" icon or an emoji would make the browser fetch
# it from fonts.gstatic.com or a CDN, and no page may request any host but localhost.
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"
st.set_page_config(page_title="前例回答アシスタント", page_icon=str(ICON), layout="wide")
refusal = listen_refusal(st.get_option("server.address"))
if refusal:
    st.error(refusal)
    st.stop()
try:
    check_all()  # a bad ZENREI_* value is said on the first page, not as a failure halfway through some work
except SettingError as error:
    st.error(md_message(str(error)))
    st.stop()

user = page_user(account_store())  # with logins on: the sign-in form until someone signs in
pages = [
    st.Page("app_pages/draft.py", title="起案", icon=":material/edit_note:", default=True),
    st.Page("app_pages/batch.py", title="一括起案", icon=":material/table_rows:"),
    st.Page("app_pages/corpus.py", title="前例", icon=":material/library_books:"),
    st.Page("app_pages/drafts.py", title="下書き", icon=":material/drafts:"),
]
if user is not None:
    pages.append(st.Page("app_pages/account.py", title="アカウント", icon=":material/manage_accounts:"))
if allowed(user, "view_audit"):
    pages.append(st.Page("app_pages/audit.py", title="監査ログ", icon=":material/policy:"))
if user is not None:
    st.sidebar.markdown(f"**{md_escape(user.display_name)}**（{user.role_label}）")  # a name is no Markdown
    st.sidebar.button("ログアウト", key="sign_out", on_click=sign_out)
st.navigation(pages).run()
