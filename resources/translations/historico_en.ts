<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="pt_BR">
  <context>
    <name />
    <message>
      <location filename="../../app/views/app.py" line="63" />
      <source>Erro inesperado</source>
      <translation>Unexpected error</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="65" />
      <source>Ocorreu um erro inesperado ({name}). O programa continua aberto; os detalhes foram registrados em {path}.</source>
      <translation>An unexpected error occurred ({name}). The program is still open; the details were logged in {path}.</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="182" />
      <source>Abrindo o banco de dados…</source>
      <translation>Opening the database…</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="201" />
      <source>Não foi possível abrir o banco de dados: {msg}</source>
      <translation>Could not open the database: {msg}</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="217" />
      <source>Banco de dados</source>
      <translation>Database</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="218" />
      <source>Não foi possível abrir o banco de dados.</source>
      <translation>Could not open the database.</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="221" />
      <source>Tentar novamente</source>
      <translation>Try again</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="222" />
      <source>Escolher arquivo…</source>
      <translation>Choose file…</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="223" />
      <source>Informar servidor…</source>
      <translation>Enter server…</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="224" />
      <source>Sair</source>
      <translation>Quit</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="243" />
      <source>Nenhum banco de dados aberto</source>
      <translation>No database open</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="249" />
      <source>Escolher banco de dados</source>
      <translation>Choose database</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="251" />
      <source>Banco SQLite (*.db *.sqlite *.sqlite3);;Todos os arquivos (*)</source>
      <translation>SQLite database (*.db *.sqlite *.sqlite3);;All files (*)</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="276" />
      <source>Banco vazio: use 'main.py import' para trazer dados</source>
      <translation>Empty database: use 'main.py import' to bring in data</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="279" />
      <source>Criando dados de demonstração…</source>
      <translation>Creating demonstration data…</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="280" />
      <source>Primeiro uso</source>
      <translation>First use</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="303" />
      <source>Criando dados de demonstração: {stage}</source>
      <translation>Creating demonstration data: {stage}</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="315" />
      <source>Dados de demonstração criados</source>
      <translation>Demonstration data created</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="322" />
      <source>Dados de demonstração</source>
      <translation>Demonstration data</translation>
    </message>
    <message>
      <location filename="../../app/views/app.py" line="323" />
      <source>Não foi possível criar os dados de demonstração: {msg}</source>
      <translation>Could not create the demonstration data: {msg}</translation>
    </message>
  </context>
  <context>
    <name>AgeingStrip</name>
    <message>
      <location filename="../../app/views/charts.py" line="108" />
      <source>Saldo por prazo de atraso</source>
      <translation>Balance by days overdue</translation>
    </message>
  </context>
  <context>
    <name>BucketButton</name>
    <message>
      <location filename="../../app/views/charts.py" line="39" />
      <source>Clique para filtrar a grade por este prazo; de novo para limpar</source>
      <translation>Click to filter the grid by this range; again to clear</translation>
    </message>
  </context>
  <context>
    <name>BusyIndicator</name>
    <message>
      <location filename="../../app/views/widgets.py" line="144" />
      <source>Carregando</source>
      <translation>Loading</translation>
    </message>
    <message>
      <location filename="../../app/views/widgets.py" line="153" />
      <source>Carregando…</source>
      <translation>Loading…</translation>
    </message>
  </context>
  <context>
    <name>CustomerBar</name>
    <message>
      <location filename="../../app/views/customer_bar.py" line="161" />
      <source>Buscar cliente por nome, CPF/CNPJ ou código  (Ctrl+F)</source>
      <translation>Search customer by name, CPF/CNPJ or code  (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="163" />
      <source>Buscar cliente</source>
      <translation>Search customer</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="171" />
      <source>&amp;Posição em:</source>
      <translation>&amp;Position on:</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="173" />
      <source>Posição em</source>
      <translation>Position on</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="174" />
      <source>A situação do cliente nesta data (padrão: hoje)</source>
      <translation>The customer's position on this date (default: today)</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="196" />
      <source>Dados do cliente</source>
      <translation>Customer details</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="214" />
      <source>Código</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="215" />
      <source>CPF/CNPJ</source>
      <translation>CPF/CNPJ</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="216" />
      <source>Telefone</source>
      <translation>Phone</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="217" />
      <source>E-mail</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="218" />
      <source>Cidade/UF</source>
      <translation>City/State</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="219" />
      <source>Cliente desde</source>
      <translation>Customer since</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="220" />
      <source>Limite de crédito</source>
      <translation>Credit limit</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="249" />
      <source>TOTAL A RECEBER</source>
      <translation>TOTAL RECEIVABLE</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="250" />
      <source>TOTAL VENCIDO</source>
      <translation>TOTAL OVERDUE</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="251" />
      <source>TOTAL ATUALIZADO</source>
      <translation>TOTAL WITH CHARGES</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="252" />
      <source>ÚLTIMA COMPRA</source>
      <translation>LAST PURCHASE</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="281" />
      <source>não definido</source>
      <translation>not set</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="285" />
      <source>nenhuma</source>
      <translation>none</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="308" />
      <source>⚠ Total a receber ({total}) acima do limite de crédito ({limite})</source>
      <translation>⚠ Total receivable ({total}) above the credit limit ({limite})</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="356" />
      <location filename="../../app/views/customer_bar.py" line="363" />
      <source>Buscando…</source>
      <translation>Searching…</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="382" />
      <source>{n} cliente(s) — Enter abre, ↑↓ escolhem, Esc fecha</source>
      <translation>{n} customer(s) — Enter opens, ↑↓ choose, Esc closes</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="384" />
      <source>Mostrando os primeiros {n} — refine a busca</source>
      <translation>Showing the first {n} — refine the search</translation>
    </message>
    <message>
      <location filename="../../app/views/customer_bar.py" line="387" />
      <source>Nenhum cliente encontrado para “{q}”</source>
      <translation>No customer found for “{q}”</translation>
    </message>
  </context>
  <context>
    <name>ErrorBanner</name>
    <message>
      <location filename="../../app/views/widgets.py" line="90" />
      <source>Erro de banco de dados</source>
      <translation>Database error</translation>
    </message>
    <message>
      <location filename="../../app/views/widgets.py" line="107" />
      <location filename="../../app/views/widgets.py" line="108" />
      <source>Tentar novamente</source>
      <translation>Try again</translation>
    </message>
  </context>
  <context>
    <name>EscolherTitulosDialog</name>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="47" />
      <source>Nova negociação: escolher os títulos</source>
      <translation>New agreement: choose the receivables</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="52" />
      <source>Marque os títulos em aberto a renegociar. Um acordo reúne títulos de uma só empresa.</source>
      <translation>Check the open receivables to renegotiate. An agreement groups receivables of a single company.</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="60" />
      <source>&amp;Empresa:</source>
      <translation>&amp;Company:</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="62" />
      <source>Empresa</source>
      <translation>Company</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="69" />
      <location filename="../../app/views/escolher_titulos.py" line="233" />
      <source>&amp;Marcar todos</source>
      <translation>Check &amp;all</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="75" />
      <source>Títulos em aberto da empresa</source>
      <translation>Open receivables of the company</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="81" />
      <source>Título</source>
      <translation>Receivable</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="82" />
      <source>Vencimento</source>
      <translation>Due date</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="83" />
      <source>Dias atraso</source>
      <translation>Days late</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="84" />
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="85" />
      <source>Saldo</source>
      <translation>Balance</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="86" />
      <source>Valor atualizado</source>
      <translation>Updated amount</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="107" />
      <source>Continuar…</source>
      <translation>Continue…</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="108" />
      <source>Cancelar</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="114" />
      <source>Carregando…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="138" />
      <source>{empresa} ({n} título(s))</source>
      <translation>{empresa} ({n} receivable(s))</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="224" />
      <source>O cliente não tem títulos em aberto para renegociar.</source>
      <translation>The customer has no open receivables to renegotiate.</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="226" />
      <source>{n} título(s) marcado(s) · valor atualizado {total}</source>
      <translation>{n} receivable(s) checked · updated amount {total}</translation>
    </message>
    <message>
      <location filename="../../app/views/escolher_titulos.py" line="233" />
      <source>&amp;Desmarcar todos</source>
      <translation>Uncheck &amp;all</translation>
    </message>
  </context>
  <context>
    <name>FinanceiroModel</name>
    <message>
      <location filename="../../app/models/financeiro.py" line="25" />
      <source>Renegociado no acordo {numero}</source>
      <translation>Renegotiated in agreement {numero}</translation>
    </message>
    <message>
      <location filename="../../app/models/financeiro.py" line="29" />
      <source>Parcela do acordo {numero}</source>
      <translation>Installment of agreement {numero}</translation>
    </message>
  </context>
  <context>
    <name>FinanceiroPage</name>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="116" />
      <source>TOTAL A RECEBER</source>
      <translation>TOTAL RECEIVABLE</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="121" />
      <source>Total a receber</source>
      <translation>Total receivable</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="129" />
      <source>STATUS</source>
      <translation>STATUS</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="156" />
      <source>Empresa:</source>
      <translation>Company:</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="158" />
      <source>Empresa</source>
      <translation>Company</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="160" />
      <location filename="../../app/views/financeiro_page.py" line="384" />
      <source>Todas</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="164" />
      <source>Vencimento</source>
      <translation>Due date</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="168" />
      <source>Emissão</source>
      <translation>Issue date</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="172" />
      <source>Negociar selecionados</source>
      <translation>Negotiate selected</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="174" />
      <source>Negociar os títulos selecionados</source>
      <translation>Negotiate the selected receivables</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="195" />
      <source>Títulos do cliente</source>
      <translation>Customer's receivables</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="196" />
      <source>Nenhum título para os filtros escolhidos</source>
      <translation>No receivable for the chosen filters</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="211" />
      <source>Totais dos títulos filtrados</source>
      <translation>Totals of the filtered receivables</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="223" />
      <source>Financeiro</source>
      <translation>Financial</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="427" />
      <source>{n} título(s)</source>
      <translation>{n} receivable(s)</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="428" />
      <source>Valor: {v}</source>
      <translation>Amount: {v}</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="429" />
      <source>Saldo: {v}</source>
      <translation>Balance: {v}</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="430" />
      <source>Multa: {v}</source>
      <translation>Late fee: {v}</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="431" />
      <source>Juros: {v}</source>
      <translation>Interest: {v}</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="432" />
      <source>Valor atualizado: {v}</source>
      <translation>Updated amount: {v}</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="458" />
      <source>Renegociar {n} título(s) da empresa {empresa} (Ctrl+Shift+N)</source>
      <translation>Renegotiate {n} receivable(s) of company {empresa} (Ctrl+Shift+N)</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="465" />
      <source>Parcelas de um acordo ativo não podem ser renegociadas: quebre o acordo antes</source>
      <translation>Installments of an active agreement cannot be renegotiated: break the agreement first</translation>
    </message>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="468" />
      <source>Selecione títulos em aberto de uma só empresa</source>
      <translation>Select open receivables of a single company</translation>
    </message>
  </context>
  <context>
    <name>GridReport</name>
    <message>
      <location filename="../../app/printing/grid_report.py" line="174" />
      <source>Impresso em {date} às {time}</source>
      <translation>Printed on {date} at {time}</translation>
    </message>
    <message>
      <location filename="../../app/printing/grid_report.py" line="180" />
      <source>a impressora não aceitou o trabalho</source>
      <translation>the printer did not accept the job</translation>
    </message>
    <message>
      <location filename="../../app/printing/grid_report.py" line="186" />
      <source>a impressora não aceitou uma nova página</source>
      <translation>the printer did not accept a new page</translation>
    </message>
    <message>
      <location filename="../../app/printing/grid_report.py" line="249" />
      <source>Nenhuma linha.</source>
      <translation>No rows.</translation>
    </message>
    <message>
      <location filename="../../app/printing/grid_report.py" line="259" />
      <source>Página {page} de {pages}</source>
      <translation>Page {page} of {pages}</translation>
    </message>
  </context>
  <context>
    <name>GridView</name>
    <message>
      <location filename="../../app/views/grid.py" line="205" />
      <source>Carregando…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../app/views/grid.py" line="305" />
      <source>Copiando {n} linha(s)…</source>
      <translation>Copying {n} row(s)…</translation>
    </message>
    <message>
      <location filename="../../app/views/grid.py" line="316" />
      <source>{n} linha(s) copiada(s)</source>
      <translation>{n} row(s) copied</translation>
    </message>
    <message>
      <location filename="../../app/views/grid.py" line="320" />
      <source>Não foi possível copiar as linhas selecionadas</source>
      <translation>The selected rows could not be copied</translation>
    </message>
    <message>
      <location filename="../../app/views/grid.py" line="334" />
      <source>Colunas visíveis</source>
      <translation>Visible columns</translation>
    </message>
    <message>
      <location filename="../../app/views/grid.py" line="352" />
      <source>Mostrar todas as colunas</source>
      <translation>Show all columns</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../app/views/main_window.py" line="95" />
      <location filename="../../app/views/main_window.py" line="322" />
      <source>Histórico do Cliente</source>
      <translation>Customer History</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="117" />
      <source>Pesquise um cliente para ver o histórico</source>
      <translation>Search for a customer to see the history</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="119" />
      <source>Digite o nome, o CPF/CNPJ ou o código do cliente no campo de busca acima (Ctrl+F).</source>
      <translation>Type the customer's name, CPF/CNPJ or code in the search field above (Ctrl+F).</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="129" />
      <source>Seções do histórico</source>
      <translation>History sections</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="149" />
      <source>{title} (Alt+{n})</source>
      <translation>{title} (Alt+{n})</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="168" />
      <source>Sem banco de dados</source>
      <translation>No database</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="169" />
      <source>Banco de dados em uso</source>
      <translation>Database in use</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="175" />
      <source>Carregando</source>
      <translation>Loading</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="240" />
      <source>&amp;Arquivo</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="242" />
      <source>&amp;Exportar grade…</source>
      <translation>&amp;Export grid…</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="247" />
      <source>&amp;Imprimir…</source>
      <translation>&amp;Print…</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="252" />
      <source>Imprimir &amp;grade…</source>
      <translation>Print &amp;grid…</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="260" />
      <source>Abrir arquivo de banco de &amp;dados…</source>
      <translation>Open &amp;database file…</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="267" />
      <source>Conectar a &amp;servidor PostgreSQL…</source>
      <translation>Connect to PostgreSQL &amp;server…</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="273" />
      <source>&amp;Sair</source>
      <translation>&amp;Quit</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="275" />
      <source>E&amp;xibir</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="277" />
      <source>&amp;Buscar cliente</source>
      <translation>&amp;Search customer</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="279" />
      <source>&amp;Recarregar</source>
      <translation>&amp;Reload</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="308" />
      <source>Banco: {db}</source>
      <translation>Database: {db}</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="338" />
      <source>Abrindo o cliente {code}…</source>
      <translation>Opening customer {code}…</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="356" />
      <source>{nome} — Histórico do Cliente</source>
      <translation>{nome} — Customer History</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="447" />
      <source>Cliente não encontrado: {code}. Pesquise pelo nome, CPF/CNPJ ou código.</source>
      <translation>Customer not found: {code}. Search by name, CPF/CNPJ or code.</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="457" />
      <source>Não foi possível acessar o banco de dados: {msg}. Os dados mostrados são os da última consulta; tentando reconectar…</source>
      <translation>Could not reach the database: {msg}. The data shown are from the last query; trying to reconnect…</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="492" />
      <source>Acordo nº {n} criado</source>
      <translation>Agreement no. {n} created</translation>
    </message>
    <message>
      <location filename="../../app/views/main_window.py" line="494" />
      <source>Acordo nº {n} quebrado</source>
      <translation>Agreement no. {n} broken</translation>
    </message>
  </context>
  <context>
    <name>MonthlyChart</name>
    <message>
      <location filename="../../app/views/charts.py" line="142" />
      <source>Compras por mês, últimos 24 meses</source>
      <translation>Purchases per month, last 24 months</translation>
    </message>
    <message>
      <location filename="../../app/views/charts.py" line="149" />
      <source>Nenhuma compra no período</source>
      <translation>No purchase in the period</translation>
    </message>
    <message>
      <location filename="../../app/views/charts.py" line="177" />
      <source>Compras por mês (últimos 24 meses)</source>
      <translation>Purchases per month (last 24 months)</translation>
    </message>
    <message>
      <location filename="../../app/views/charts.py" line="204" />
      <source>maior mês: {v}</source>
      <translation>largest month: {v}</translation>
    </message>
  </context>
  <context>
    <name>NegociacaoModel</name>
    <message>
      <location filename="../../app/models/negociacao.py" line="48" />
      <source>Imprimir negociação</source>
      <translation>Print agreement</translation>
    </message>
  </context>
  <context>
    <name>NegociacaoPage</name>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="52" />
      <source>Acordos (negociações) do cliente</source>
      <translation>Customer's agreements (renegotiations)</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="58" />
      <location filename="../../app/views/negociacao_page.py" line="59" />
      <source>Nova negociação</source>
      <translation>New agreement</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="61" />
      <source>Renegociar títulos em aberto de uma empresa (Ctrl+Shift+N)</source>
      <translation>Renegotiate open receivables of a company (Ctrl+Shift+N)</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="67" />
      <source>Quebrar acordo</source>
      <translation>Break agreement</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="68" />
      <source>Quebrar o acordo selecionado</source>
      <translation>Break the selected agreement</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="72" />
      <location filename="../../app/views/negociacao_page.py" line="73" />
      <location filename="../../app/views/negociacao_page.py" line="313" />
      <source>Imprimir negociação</source>
      <translation>Print agreement</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="74" />
      <source>Imprimir o acordo selecionado (Ctrl+P)</source>
      <translation>Print the selected agreement (Ctrl+P)</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="91" />
      <source>Acordos do cliente</source>
      <translation>Customer's agreements</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="92" />
      <source>Nenhum acordo para este cliente</source>
      <translation>No agreement for this customer</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="104" />
      <location filename="../../app/views/negociacao_page.py" line="195" />
      <source>Selecione um acordo para ver os seus títulos</source>
      <translation>Select an agreement to see its receivables</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="110" />
      <source>Títulos do acordo: parcelas e títulos renegociados</source>
      <translation>Agreement's receivables: installments and renegotiated receivables</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="111" />
      <source>Nenhum título</source>
      <translation>No receivable</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="122" />
      <source>Negociação</source>
      <translation>Agreements</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="231" />
      <source>Selecione um acordo ativo para quebrá-lo</source>
      <translation>Select an active agreement to break it</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="233" />
      <source>O acordo nº {n} já foi quebrado</source>
      <translation>Agreement no. {n} has already been broken</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="236" />
      <source>Cancelar o acordo nº {n}: as parcelas são canceladas e os títulos renegociados voltam a ficar em aberto</source>
      <translation>Cancel agreement no. {n}: its installments are cancelled and the renegotiated receivables are open again</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="252" />
      <source>Títulos do acordo nº {n} ({empresa}): parcelas e títulos renegociados</source>
      <translation>Receivables of agreement no. {n} ({empresa}): installments and renegotiated receivables</translation>
    </message>
    <message>
      <location filename="../../app/views/negociacao_page.py" line="313" />
      <source>Selecione o acordo a imprimir.</source>
      <translation>Select the agreement to print.</translation>
    </message>
  </context>
  <context>
    <name>NovaNegociacaoDialog</name>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="142" />
      <location filename="../../app/views/nova_negociacao.py" line="523" />
      <source>Nova negociação</source>
      <translation>New agreement</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="146" />
      <source>Cliente {cliente} — empresa {empresa}: {n} título(s) selecionado(s)</source>
      <translation>Customer {cliente} — company {empresa}: {n} receivable(s) selected</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="162" />
      <source>Salvar acordo</source>
      <translation>Save agreement</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="164" />
      <source>Cancelar</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="178" />
      <source>Dívida atualizada</source>
      <translation>Updated debt</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="181" />
      <source>&amp;Data do acordo:</source>
      <translation>Agreement &amp;date:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="182" />
      <source>Data do acordo</source>
      <translation>Agreement date</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="187" />
      <source>Carregando…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="194" />
      <source>Título</source>
      <translation>Receivable</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="195" />
      <location filename="../../app/views/nova_negociacao.py" line="293" />
      <source>Vencimento</source>
      <translation>Due date</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="196" />
      <source>Dias atraso</source>
      <translation>Days late</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="197" />
      <source>Saldo</source>
      <translation>Balance</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="198" />
      <source>Multa</source>
      <translation>Late fee</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="199" />
      <source>Juros</source>
      <translation>Interest</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="200" />
      <source>Valor atualizado</source>
      <translation>Updated amount</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="202" />
      <source>Títulos renegociados: saldo, multa e juros</source>
      <translation>Renegotiated receivables: balance, late fee and interest</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="227" />
      <source>Condições</source>
      <translation>Terms</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="231" />
      <source>Desconto</source>
      <translation>Discount</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="234" />
      <source>Tipo de desconto</source>
      <translation>Discount type</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="235" />
      <source>R$</source>
      <translation>R$</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="236" />
      <source>% dos encargos</source>
      <translation>% of charges</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="239" />
      <source>De&amp;sconto:</source>
      <translation>Di&amp;scount:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="242" />
      <source>Valor da entrada</source>
      <translation>Down payment amount</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="244" />
      <source>Data da entrada</source>
      <translation>Down payment date</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="247" />
      <source>em</source>
      <translation>on</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="249" />
      <source>&amp;Entrada:</source>
      <translation>Down &amp;payment:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="253" />
      <source>Número de parcelas</source>
      <translation>Number of installments</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="254" />
      <source>&amp;Parcelas:</source>
      <translation>&amp;Installments:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="255" />
      <source>Primeiro vencimento</source>
      <translation>First due date</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="258" />
      <source>Primeiro &amp;vencimento:</source>
      <translation>First d&amp;ue date:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="262" />
      <source>Taxa de juros do parcelamento, % ao mês</source>
      <translation>Installment interest rate, % per month</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="264" />
      <source>0 = parcelas iguais; maior que 0 = tabela Price</source>
      <translation>0 = equal installments; above 0 = Price table (French amortization)</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="265" />
      <source>&amp;Taxa (% a.m.):</source>
      <translation>&amp;Rate (% per month):</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="267" />
      <source>Observação</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="268" />
      <source>&amp;Observação:</source>
      <translation>&amp;Note:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="271" />
      <source>Principal (saldo):</source>
      <translation>Principal (balance):</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="272" />
      <source>Encargos (multa + juros):</source>
      <translation>Charges (late fee + interest):</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="273" />
      <source>Desconto:</source>
      <translation>Discount:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="274" />
      <source>Total negociado:</source>
      <translation>Negotiated total:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="275" />
      <source>Entrada:</source>
      <translation>Down payment:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="276" />
      <source>Valor parcelado:</source>
      <translation>Amount in installments:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="277" />
      <source>Total das parcelas:</source>
      <translation>Total of installments:</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="290" />
      <source>Parcelas do acordo (prévia)</source>
      <translation>Agreement installments (preview)</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="293" />
      <source>Parcela</source>
      <translation>Installment</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="293" />
      <source>Valor</source>
      <translation>Amount</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="294" />
      <source>Prévia das parcelas do acordo</source>
      <translation>Preview of the agreement installments</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="374" />
      <location filename="../../app/views/nova_negociacao.py" line="474" />
      <source>Total</source>
      <translation>Total</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="456" />
      <source>Tabela Price a {taxa}% ao mês</source>
      <translation>Price table at {taxa}% per month</translation>
    </message>
    <message>
      <location filename="../../app/views/nova_negociacao.py" line="461" />
      <source>Entrada</source>
      <translation>Down payment</translation>
    </message>
  </context>
  <context>
    <name>PeriodFilter</name>
    <message>
      <location filename="../../app/views/widgets.py" line="181" />
      <source>Filtrar por {label}</source>
      <translation>Filter by {label}</translation>
    </message>
    <message>
      <location filename="../../app/views/widgets.py" line="183" />
      <source>{label}: de</source>
      <translation>{label}: from</translation>
    </message>
    <message>
      <location filename="../../app/views/widgets.py" line="184" />
      <source>{label}: até</source>
      <translation>{label}: to</translation>
    </message>
    <message>
      <location filename="../../app/views/widgets.py" line="188" />
      <source>até</source>
      <translation>to</translation>
    </message>
  </context>
  <context>
    <name>ProgramacaoDialog</name>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="43" />
      <source>Editar programação</source>
      <translation>Edit scheduled event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="43" />
      <source>Nova programação</source>
      <translation>New scheduled event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="48" />
      <source>Data da programação</source>
      <translation>Event date</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="50" />
      <source>&amp;Data:</source>
      <translation>&amp;Date:</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="52" />
      <source>Com horário</source>
      <translation>With time</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="55" />
      <source>Hora da programação</source>
      <translation>Event time</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="66" />
      <source>Hora:</source>
      <translation>Time:</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="68" />
      <source>Tipo</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="72" />
      <source>&amp;Tipo:</source>
      <translation>T&amp;ype:</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="75" />
      <source>Descrição</source>
      <translation>Description</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="79" />
      <source>D&amp;escrição:</source>
      <translation>D&amp;escription:</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="81" />
      <source>Responsável</source>
      <translation>Responsible</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="83" />
      <source>&amp;Responsável:</source>
      <translation>&amp;Responsible:</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="85" />
      <source>Empresa</source>
      <translation>Company</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="90" />
      <source>Em&amp;presa:</source>
      <translation>Com&amp;pany:</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="100" />
      <source>Salvar</source>
      <translation>Save</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="101" />
      <source>Cancelar</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_dialog.py" line="129" />
      <source>Não há empresa cadastrada</source>
      <translation>No company registered</translation>
    </message>
  </context>
  <context>
    <name>ProgramacaoModel</name>
    <message>
      <location filename="../../app/models/programacao.py" line="49" />
      <source>Programação atrasada</source>
      <translation>Overdue event</translation>
    </message>
  </context>
  <context>
    <name>ProgramacaoPage</name>
    <message>
      <location filename="../../app/views/programacao_page.py" line="65" />
      <source>&amp;Nova programação</source>
      <translation>&amp;New event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="65" />
      <source>Incluir uma programação (Ctrl+N)</source>
      <translation>Add a scheduled event (Ctrl+N)</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="68" />
      <source>&amp;Editar</source>
      <translation>&amp;Edit</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="68" />
      <source>Editar a programação selecionada (Enter)</source>
      <translation>Edit the selected event (Enter)</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="71" />
      <source>Marcar como &amp;realizada</source>
      <translation>Mark as &amp;done</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="73" />
      <source>Marcar a programação selecionada como realizada</source>
      <translation>Mark the selected event as done</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="76" />
      <source>&amp;Cancelar programação</source>
      <translation>&amp;Cancel event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="78" />
      <source>Cancelar a programação selecionada</source>
      <translation>Cancel the selected event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="83" />
      <source>Mostrar realizadas e passadas</source>
      <translation>Show done and past</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="84" />
      <source>Mostrar programações realizadas e passadas</source>
      <translation>Show done and past events</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="101" />
      <source>Programações do cliente</source>
      <translation>Customer's scheduled events</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="102" />
      <location filename="../../app/views/programacao_page.py" line="162" />
      <source>Nenhuma programação pendente</source>
      <translation>No pending event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="111" />
      <source>Em vermelho: programações pendentes com data já passada.</source>
      <translation>In red: pending events whose date has passed.</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="127" />
      <location filename="../../app/views/programacao_page.py" line="279" />
      <source>Programação</source>
      <translation>Schedule</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="160" />
      <source>Nenhuma programação</source>
      <translation>No event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="237" />
      <source>Cancelar programação</source>
      <translation>Cancel event</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="238" />
      <source>Cancelar a programação de {data}?
{descricao}</source>
      <translation>Cancel the event of {data}?
{descricao}</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="266" />
      <source>Programação incluída</source>
      <translation>Event added</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="267" />
      <source>Programação alterada</source>
      <translation>Event changed</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="268" />
      <source>Programação marcada como realizada</source>
      <translation>Event marked as done</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="269" />
      <source>Programação cancelada</source>
      <translation>Event cancelled</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="270" />
      <source>Programação reaberta</source>
      <translation>Event reopened</translation>
    </message>
    <message>
      <location filename="../../app/views/programacao_page.py" line="272" />
      <source>Programação salva</source>
      <translation>Event saved</translation>
    </message>
  </context>
  <context>
    <name>QuebrarAcordoDialog</name>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="54" />
      <location filename="../../app/views/quebrar_acordo.py" line="90" />
      <source>Quebrar acordo</source>
      <translation>Break agreement</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="57" />
      <source>Carregando…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="63" />
      <source>As parcelas do acordo serão canceladas e os títulos renegociados voltarão a ficar em aberto, com multa e juros desde o vencimento original.</source>
      <translation>The agreement's installments will be cancelled and the renegotiated receivables will be open again, with late fees and interest from the original due date.</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="70" />
      <source>Data da quebra</source>
      <translation>Break date</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="72" />
      <source>&amp;Data da quebra:</source>
      <translation>Break &amp;date:</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="75" />
      <source>Motivo da quebra (obrigatório)</source>
      <translation>Reason for breaking (required)</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="76" />
      <source>Por que o acordo está sendo quebrado?</source>
      <translation>Why is the agreement being broken?</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="78" />
      <source>&amp;Motivo:</source>
      <translation>&amp;Reason:</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="91" />
      <source>Cancelar</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="109" />
      <source>Acordo nº {numero} (empresa {empresa}) de {data}: {valor} em {n} parcela(s).</source>
      <translation>Agreement no. {numero} (company {empresa}) of {data}: {valor} in {n} installment(s).</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="119" />
      <source>Este acordo já foi quebrado.</source>
      <translation>This agreement has already been broken.</translation>
    </message>
    <message>
      <location filename="../../app/views/quebrar_acordo.py" line="121" />
      <source>O acordo já tem parcelas recebidas e não pode ser quebrado.</source>
      <translation>The agreement already has paid installments and cannot be broken.</translation>
    </message>
  </context>
  <context>
    <name>SearchPopup</name>
    <message>
      <location filename="../../app/views/customer_bar.py" line="73" />
      <source>Clientes encontrados</source>
      <translation>Customers found</translation>
    </message>
  </context>
  <context>
    <name>SectionPage</name>
    <message>
      <location filename="../../app/views/section_page.py" line="158" />
      <source>Não há linhas para exportar</source>
      <translation>There are no rows to export</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="163" />
      <location filename="../../app/views/section_page.py" line="205" />
      <source>Exportar grade</source>
      <translation>Export grid</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="165" />
      <source>Planilha Excel (*.xlsx);;Arquivo CSV (*.csv)</source>
      <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="196" />
      <source>{n} linha(s) exportada(s) para {path}</source>
      <translation>{n} row(s) exported to {path}</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="219" />
      <source>Não há linhas para imprimir</source>
      <translation>There are no rows to print</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="224" />
      <source>Preparando o relatório…</source>
      <translation>Preparing the report…</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="242" />
      <source>{nome} ({codigo}) · {documento} · Posição em {data}</source>
      <translation>{nome} ({codigo}) · {documento} · Position on {data}</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="256" />
      <location filename="../../app/views/section_page.py" line="311" />
      <source>Imprimir {title}</source>
      <translation>Print {title}</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="282" />
      <source>nenhuma impressora disponível neste computador</source>
      <translation>no printer available on this computer</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="283" />
      <source>Imprimindo {n} linha(s)…</source>
      <translation>Printing {n} row(s)…</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="301" />
      <source>{title}: {pages} página(s) enviada(s) para {where}</source>
      <translation>{title}: {pages} page(s) sent to {where}</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="312" />
      <source>Não foi possível imprimir: {reason}.</source>
      <translation>Could not print: {reason}.</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="327" />
      <source>Histórico do Cliente — {title}</source>
      <translation>Customer History — {title}</translation>
    </message>
    <message>
      <location filename="../../app/views/section_page.py" line="330" />
      <source>{line} · {n} linha(s)</source>
      <translation>{line} · {n} row(s)</translation>
    </message>
  </context>
  <context>
    <name>ServerDialog</name>
    <message>
      <location filename="../../app/views/server_dialog.py" line="35" />
      <source>Servidor PostgreSQL</source>
      <translation>PostgreSQL server</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="47" />
      <source>em branco: PGPASSWORD, ~/.pgpass ou o chaveiro</source>
      <translation>blank: PGPASSWORD, ~/.pgpass or the keyring</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="49" />
      <source>Servidor</source>
      <translation>Server</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="50" />
      <source>Porta</source>
      <translation>Port</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="51" />
      <source>Banco</source>
      <translation>Database</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="52" />
      <source>Usuário</source>
      <translation>User</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="53" />
      <source>Senha</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="58" />
      <source>Guardar a senha no chaveiro do sistema</source>
      <translation>Keep the password in the system keyring</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="63" />
      <source>Nenhum chaveiro seguro disponível: a senha vale só até fechar o programa (ou use PGPASSWORD ou ~/.pgpass)</source>
      <translation>No secure keyring available: the password lasts until the program is closed (or use PGPASSWORD or ~/.pgpass)</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="69" />
      <source>A senha nunca é gravada em arquivo pelo programa nem mostrada na tela.</source>
      <translation>The program never writes the password to a file nor shows it on screen.</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="77" />
      <source>Conectar</source>
      <translation>Connect</translation>
    </message>
    <message>
      <location filename="../../app/views/server_dialog.py" line="122" />
      <source>Chaveiro do sistema</source>
      <translation>System keyring</translation>
    </message>
  </context>
  <context>
    <name>StatusButton</name>
    <message>
      <location filename="../../app/views/financeiro_page.py" line="87" />
      <source>Status {status}: {count} título(s)</source>
      <translation>Status {status}: {count} receivable(s)</translation>
    </message>
  </context>
  <context>
    <name>TituloDialog</name>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="37" />
      <source>Título {name}</source>
      <translation>Receivable {name}</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="43" />
      <source>Empresa:</source>
      <translation>Company:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="44" />
      <source>Título / parcela:</source>
      <translation>Document / installment:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="46" />
      <source>Emissão / vencimento:</source>
      <translation>Issued / due:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="50" />
      <source>Valor / saldo:</source>
      <translation>Amount / balance:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="53" />
      <source>Status:</source>
      <translation>Status:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="56" />
      <source>Forma de pagamento:</source>
      <translation>Payment method:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="59" />
      <source>Renegociado no acordo nº {n}</source>
      <translation>Renegotiated in agreement no. {n}</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="63" />
      <location filename="../../app/views/titulo_dialog.py" line="67" />
      <source>Acordo:</source>
      <translation>Agreement:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="65" />
      <source>Parcela do acordo nº {n}</source>
      <translation>Installment of agreement no. {n}</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="70" />
      <source>Recebimentos (baixas) até {d}:</source>
      <translation>Payments received up to {d}:</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="75" />
      <source>Recebimentos</source>
      <translation>Payments received</translation>
    </message>
    <message>
      <location filename="../../app/views/titulo_dialog.py" line="76" />
      <source>Nenhum recebimento</source>
      <translation>No payment received</translation>
    </message>
  </context>
  <context>
    <name>VendaModel</name>
    <message>
      <location filename="../../app/models/venda.py" line="31" />
      <source>Venda cancelada</source>
      <translation>Cancelled sale</translation>
    </message>
  </context>
  <context>
    <name>VendaPage</name>
    <message>
      <location filename="../../app/views/venda_page.py" line="68" />
      <source>TOTAL COMPRADO</source>
      <translation>TOTAL PURCHASED</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="69" />
      <source>COMPRAS</source>
      <translation>PURCHASES</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="70" />
      <source>TICKET MÉDIO</source>
      <translation>AVERAGE TICKET</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="71" />
      <source>PRIMEIRA COMPRA</source>
      <translation>FIRST PURCHASE</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="72" />
      <source>ÚLTIMA COMPRA</source>
      <translation>LAST PURCHASE</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="89" />
      <source>Período</source>
      <translation>Period</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="93" />
      <source>Empresa:</source>
      <translation>Company:</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="95" />
      <source>Empresa</source>
      <translation>Company</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="97" />
      <location filename="../../app/views/venda_page.py" line="246" />
      <source>Todas</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="101" />
      <source>Produto:</source>
      <translation>Product:</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="103" />
      <source>código ou descrição</source>
      <translation>code or description</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="104" />
      <source>Filtrar por produto (código ou descrição)</source>
      <translation>Filter by product (code or description)</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="124" />
      <source>Itens comprados pelo cliente</source>
      <translation>Items bought by the customer</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="125" />
      <source>Nenhuma venda para os filtros escolhidos</source>
      <translation>No sale for the chosen filters</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="130" />
      <source>Itens filtrados</source>
      <translation>Filtered items</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="138" />
      <source>Venda</source>
      <translation>Sales</translation>
    </message>
    <message>
      <location filename="../../app/views/venda_page.py" line="257" />
      <source>{n} item(ns)</source>
      <translation>{n} item(s)</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <location filename="../../app/views/errors.py" line="31" />
      <source>Erro inesperado ({name}); os detalhes foram registrados no log do programa.</source>
      <translation>Unexpected error ({name}); the details were written to the program log.</translation>
    </message>
  </context>
  <context>
    <name>columns</name>
    <message>
      <source>EMPRESA</source>
      <translation>COMPANY</translation>
    </message>
    <message>
      <source>CÓD. VENDA</source>
      <translation>SALE CODE</translation>
    </message>
    <message>
      <source>TÍTULO NÚM. DOC.</source>
      <translation>DOCUMENT NO.</translation>
    </message>
    <message>
      <source>PARCELA</source>
      <translation>INSTALLMENT</translation>
    </message>
    <message>
      <source>EMISSÃO</source>
      <translation>ISSUED</translation>
    </message>
    <message>
      <source>VENCIMENTO</source>
      <translation>DUE DATE</translation>
    </message>
    <message>
      <source>DIAS ATRASO</source>
      <translation>DAYS LATE</translation>
    </message>
    <message>
      <source>VALOR</source>
      <translation>AMOUNT</translation>
    </message>
    <message>
      <source>RECEBIDO</source>
      <translation>RECEIVED</translation>
    </message>
    <message>
      <source>SALDO</source>
      <translation>BALANCE</translation>
    </message>
    <message>
      <source>MULTA</source>
      <translation>LATE FEE</translation>
    </message>
    <message>
      <source>JUROS</source>
      <translation>INTEREST</translation>
    </message>
    <message>
      <source>VALOR ATUALIZADO</source>
      <translation>UPDATED AMOUNT</translation>
    </message>
    <message>
      <source>STATUS</source>
      <translation>STATUS</translation>
    </message>
    <message>
      <source>FORMA PAGTO.</source>
      <translation>PAYMENT METHOD</translation>
    </message>
    <message>
      <source>ÚLT. RECEBIMENTO</source>
      <translation>LAST PAYMENT</translation>
    </message>
    <message>
      <source>DATA</source>
      <translation>DATE</translation>
    </message>
    <message>
      <source>CÓDIGO PRODUTO</source>
      <translation>PRODUCT CODE</translation>
    </message>
    <message>
      <source>DESCRIÇÃO</source>
      <translation>DESCRIPTION</translation>
    </message>
    <message>
      <source>QUANTIDADE</source>
      <translation>QUANTITY</translation>
    </message>
    <message>
      <source>VALOR UNI.</source>
      <translation>UNIT PRICE</translation>
    </message>
    <message>
      <source>DESCONTO</source>
      <translation>DISCOUNT</translation>
    </message>
    <message>
      <source>VALOR TOTAL</source>
      <translation>TOTAL</translation>
    </message>
    <message>
      <source>VENDEDOR</source>
      <translation>SALESPERSON</translation>
    </message>
    <message>
      <source>NÚMERO</source>
      <translation>NUMBER</translation>
    </message>
    <message>
      <source>VALOR ORIGINAL</source>
      <translation>ORIGINAL AMOUNT</translation>
    </message>
    <message>
      <source>ENCARGOS</source>
      <translation>CHARGES</translation>
    </message>
    <message>
      <source>VALOR NEGOCIADO</source>
      <translation>NEGOTIATED AMOUNT</translation>
    </message>
    <message>
      <source>PARCELAS</source>
      <translation>INSTALLMENTS</translation>
    </message>
    <message>
      <source>SITUAÇÃO</source>
      <translation>SITUATION</translation>
    </message>
    <message>
      <source>DATA PROGRAMAÇÃO</source>
      <translation>EVENT DATE</translation>
    </message>
    <message>
      <source>HORA</source>
      <translation>TIME</translation>
    </message>
    <message>
      <source>TIPO</source>
      <translation>TYPE</translation>
    </message>
    <message>
      <source>RESPONSÁVEL</source>
      <translation>RESPONSIBLE</translation>
    </message>
    <message>
      <source>NOME</source>
      <translation>NAME</translation>
    </message>
    <message>
      <source>CPF/CNPJ</source>
      <translation>CPF/CNPJ</translation>
    </message>
    <message>
      <source>CIDADE/UF</source>
      <translation>CITY/STATE</translation>
    </message>
    <message>
      <source>TOTAL A RECEBER</source>
      <translation>TOTAL RECEIVABLE</translation>
    </message>
    <message>
      <source>CÓDIGO</source>
      <translation>CODE</translation>
    </message>
  </context>
  <context>
    <name>status</name>
    <message>
      <source>Em aberto</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>Vencido</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>Cobrança</source>
      <translation>In collection</translation>
    </message>
    <message>
      <source>Negativado</source>
      <translation>Credit bureau</translation>
    </message>
    <message>
      <source>Recebido</source>
      <translation>Paid</translation>
    </message>
    <message>
      <source>Cancelado</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>A vencer</source>
      <translation>Not yet due</translation>
    </message>
    <message>
      <source>1–30 dias</source>
      <translation>1–30 days</translation>
    </message>
    <message>
      <source>31–60 dias</source>
      <translation>31–60 days</translation>
    </message>
    <message>
      <source>61–90 dias</source>
      <translation>61–90 days</translation>
    </message>
    <message>
      <source>Mais de 90 dias</source>
      <translation>Over 90 days</translation>
    </message>
  </context>
</TS>